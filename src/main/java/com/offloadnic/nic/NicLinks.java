package com.offloadnic.nic;

/**
 * Links between NICs: what one transmits, the other receives. A link is symmetric and a NIC has at most one;
 * linking a NIC that is already linked replaces its old link (the old peer is unlinked). Only NICs of the same
 * tenant may be linked. One global lock keeps both ends consistent without lock ordering between NICs.
 */
public final class NicLinks {

    private static final Object LOCK = new Object();

    private NicLinks() {
    }

    /**
     * Links {@code a} and {@code b}.
     *
     * @throws NicException INVALID when they belong to different tenants, are the same NIC, or one was removed
     */
    public static void link(Nic a, Nic b) {
        if (a == b) {
            throw NicException.invalid("/peerNicId", "a NIC cannot be linked to itself");
        }
        if (!a.tenantId().equals(b.tenantId())) {
            throw NicException.invalid("/peerNicId", "only NICs of the same tenant can be linked");
        }
        synchronized (LOCK) {
            if (a.isRemoved() || b.isRemoved()) {
                throw NicException.invalid("/peerNicId", "the NIC has been removed");
            }
            unlinkLocked(a);
            unlinkLocked(b);
            a.linkedPeer(b);
            b.linkedPeer(a);
        }
    }

    /** Removes {@code nic}'s link, if any, at both ends; returns whether there was one. */
    public static boolean unlink(Nic nic) {
        synchronized (LOCK) {
            return unlinkLocked(nic);
        }
    }

    private static boolean unlinkLocked(Nic nic) {
        Nic peer = nic.linkedPeer();
        if (peer == null) {
            return false;
        }
        nic.linkedPeer(null);
        if (peer.linkedPeer() == nic) {
            peer.linkedPeer(null);
        }
        return true;
    }
}
