package io.chaperone.relay;

import io.chaperone.policy.TokenBucket;

/**
 * What a session's technician has spent: the command rate bucket, the abuse strikes (invalid and denied frames)
 * and the denial rows. Kept per session, not per connection ({@link SessionBudgets}), so a reconnect does not
 * refill the bucket or forgive the strikes.
 */
record SessionBudget(TokenBucket bucket, AbuseCounter abuse, DenialLog denials, long expiresAtMillis) {
}
