package io.quiver.transport.iscsi.impl.login;

import io.quiver.iscsi.login.LoginException;

import io.quiver.iscsi.pdu.IscsiPdu;
import io.quiver.iscsi.pdu.LoginPdu;
import io.quiver.iscsi.pdu.LoginStatus;
import io.quiver.transport.iscsi.impl.session.TargetDirectory;

/**
 * The Login Requests of one connection as one sequence (RFC 7143, 6.3 and 11.12): the first fixes the ISID,
 * TSIH, CID, initial CmdSN and starting stage; every later one must continue that login in the stage the
 * target expects, and stage transitions only go forward. A TSIH other than 0 (adding a connection to a
 * session) is refused: MaxConnections is 1. Part of {@link LoginNegotiation}; same thread, not thread-safe.
 */
final class LoginSequence {

    private final TargetDirectory directory;
    private int stage = -1;
    private boolean complete;
    private long isid;
    private int tsih;
    private int cid;
    private int initialCmdSn;

    LoginSequence(TargetDirectory directory) {
        this.directory = directory;
    }

    /** Checks a request's header against the sequence; the first request starts it. */
    void check(IscsiPdu request) throws LoginException {
        if (complete) {
            throw new LoginException(LoginStatus.INVALID_DURING_LOGIN, "login already complete");
        }
        int csg = LoginPdu.currentStage(request);
        boolean transit = LoginPdu.isTransit(request);
        if (transit && LoginPdu.isContinue(request)) {
            throw new LoginException(LoginStatus.INITIATOR_ERROR, "T and C both set");
        }
        if (csg == 2 || csg == 3 || (transit && (LoginPdu.nextStage(request) <= csg || LoginPdu.nextStage(request) == 2))) {
            throw new LoginException(LoginStatus.INITIATOR_ERROR, "invalid stage transition");
        }
        if (stage < 0) {
            if (LoginPdu.versionMin(request) > 0) {
                throw new LoginException(LoginStatus.UNSUPPORTED_VERSION, "version-min " + LoginPdu.versionMin(request));
            }
            isid = LoginPdu.isid(request);
            tsih = LoginPdu.tsih(request);
            cid = LoginPdu.connectionId(request);
            initialCmdSn = LoginPdu.cmdSn(request);
            stage = csg;
            if (tsih != 0) {
                // Connections are not added to existing sessions: MaxConnections is 1.
                throw new LoginException(directory.sessions().byTsih(tsih) == null
                        ? LoginStatus.SESSION_DOES_NOT_EXIST : LoginStatus.TOO_MANY_CONNECTIONS, "TSIH " + tsih);
            }
        } else if (csg != stage || LoginPdu.isid(request) != isid || LoginPdu.connectionId(request) != cid) {
            throw new LoginException(LoginStatus.INITIATOR_ERROR, "login request does not continue this login");
        }
    }

    /** The login moved on to {@code next}. */
    void transit(int next) {
        stage = next;
    }

    /** The session opened with {@code sessionTsih}: the sequence is over. */
    void complete(int sessionTsih) {
        tsih = sessionTsih;
        complete = true;
    }

    boolean isComplete() {
        return complete;
    }

    int stage() {
        return stage;
    }

    long isid() {
        return isid;
    }

    int tsih() {
        return tsih;
    }

    int connectionId() {
        return cid;
    }

    int initialCmdSn() {
        return initialCmdSn;
    }
}
