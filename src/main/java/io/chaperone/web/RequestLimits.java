package io.chaperone.web;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;

/** The gateway's request limiters, one per thing a caller could flood; codes in docs/api.md "Limits". */
@ApplicationScoped
public class RequestLimits {

    @Inject
    LimitsConfig config;
    @Inject
    Clock clock;

    private RequestLimiter sessionRequests;
    private RequestLimiter escalations;
    private RequestLimiter connectTickets;
    private RequestLimiter enrollments;
    private RequestLimiter claimAttempts;

    @PostConstruct
    void build() {
        sessionRequests = new RequestLimiter("session_requests_limited",
                "too many session requests for this home; wait before asking the resident again",
                config.sessionRequests(), config.sessionRequestsWindow(), clock);
        escalations = new RequestLimiter("escalations_limited", "too many escalation requests for this session",
                config.escalations(), config.escalationsWindow(), clock);
        connectTickets = new RequestLimiter("connect_tickets_limited", "too many connect tickets for this session",
                config.connectTickets(), config.connectTicketsWindow(), clock);
        enrollments = new RequestLimiter("enroll_rate_limited", "too many enrollment attempts from this address",
                config.enrollPerAddress(), config.enrollWindow(), clock);
        claimAttempts = new RequestLimiter("claim_attempts_exceeded",
                "too many attempts with this claim code; it is burnt, ask the resident for a new one",
                config.claimAttempts(), config.claimAttemptsWindow(), clock);
    }

    /** Key: technician subject and home. */
    public RequestLimiter sessionRequests() { return sessionRequests; }

    /** Key: session id. */
    public RequestLimiter escalations() { return escalations; }

    /** Key: session id. */
    public RequestLimiter connectTickets() { return connectTickets; }

    /** Key: the TCP peer's address. */
    public RequestLimiter enrollments() { return enrollments; }

    /** Key: the claim code's hash. */
    public RequestLimiter claimAttempts() { return claimAttempts; }
}
