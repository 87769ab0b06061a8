package io.quiver.transport.iscsi.impl.session;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The driver's normal sessions by ISID, initiator and target name, and their TSIHs (RFC 7143, 4.4.3 and
 * 6.3.5): a new login with TSIH 0 whose ISID matches a live session reinstates it, the old one being closed
 * first. Thread-safe.
 */
public final class SessionRegistry {

    private final Map<String, IscsiSession> byIsid = new ConcurrentHashMap<>();
    private final Map<Integer, IscsiSession> byTsih = new ConcurrentHashMap<>();
    private int lastTsih;

    static String key(String initiatorName, long isid, String targetName) {
        return initiatorName + "|" + Long.toHexString(isid) + "|" + targetName;
    }

    /** A TSIH no live session uses, never 0. */
    public synchronized int allocateTsih() {
        do {
            lastTsih = (lastTsih % 0xFFFF) + 1;
        } while (byTsih.containsKey(lastTsih));
        return lastTsih;
    }

    /** The live session with that TSIH, or {@code null}. */
    public IscsiSession byTsih(int tsih) {
        return byTsih.get(tsih);
    }

    /**
     * Closes the live session of the same I_T nexus (initiator name, ISID, target), if any: the first step
     * of session reinstatement, before the new session opens its nexus in the core.
     *
     * @return whether there was one
     */
    public boolean reinstate(String initiatorName, long isid, String targetName) {
        IscsiSession old = byIsid.remove(key(initiatorName, isid, targetName));
        if (old == null) {
            return false;
        }
        byTsih.remove(old.tsih(), old);
        old.reinstated();
        return true;
    }

    /** Registers a new session under its ISID and TSIH. */
    public void register(IscsiSession session) {
        byIsid.put(key(session.initiatorName(), session.isid(), session.targetName()), session);
        byTsih.put(session.tsih(), session);
    }

    /** Forgets a closed session (no-op if it was already replaced). */
    public void unregister(IscsiSession session) {
        byIsid.remove(key(session.initiatorName(), session.isid(), session.targetName()), session);
        byTsih.remove(session.tsih(), session);
    }

    /** Number of live sessions. */
    public int size() {
        return byTsih.size();
    }
}
