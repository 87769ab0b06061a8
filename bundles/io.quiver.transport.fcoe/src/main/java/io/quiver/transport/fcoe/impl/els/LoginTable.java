package io.quiver.transport.fcoe.impl.els;

/**
 * The port logins and process (image pair) logins of the local port, as the ELS responder changes them.
 * Implemented by the port; called on its receive thread.
 */
public interface LoginTable {

    /** Whether {@code portId} has a port login (PLOGI) with us. */
    boolean loggedIn(int portId);

    /** A PLOGI was accepted: any earlier login of that port ID ends first. */
    void portLogin(int portId, long portName, long nodeName, int receiveDataFieldSize);

    /** A PRLI for FCP: open the I_T nexus. False if it cannot be (target disabled, not admitted). */
    boolean processLogin(int portId);

    /** PRLO: the image pair ends, the port login stays. */
    void processLogout(int portId);

    /**
     * The exchange {@code originator} opened with OX_ID {@code oxId} on this port, for REC; null if none is
     * open (never opened, or its FCP_RSP went out).
     */
    ExchangeStatus exchange(int originator, int oxId);

    /** LOGO or implicit logout (FLOGI, a new PLOGI): everything of that port ID ends. */
    void portLogout(int portId);
}
