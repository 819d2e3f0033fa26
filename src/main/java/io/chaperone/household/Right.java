package io.chaperone.household;

/**
 * What a member of a household may do in a home (docs/privacy.md "Who in a household may do what"). Stopping
 * access ({@link #STOP}) never needs more than watching it: every member has both.
 */
public enum Right {
    /** Read the home, its hubs, sessions and tickets; watch a live session (activity feed). */
    VIEW,
    /** Revoke, suspend or end a session. */
    STOP,
    /** Approve or deny a request or an escalation, resume, reveal a data class, roll back: owner, or a member allowed to. */
    DECIDE,
    /** Export or erase the home's data: owner, or a member allowed to. */
    ERASE,
    /** Invite and remove members, change their rights, keep the never-grant list, remove hubs: the owner only. */
    MANAGE;

    public String wireName() { return name().toLowerCase(java.util.Locale.ROOT); }
}
