package io.quiver.transport.srp.iu;

import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;

/**
 * A received IU that breaks SRP: names the offending field and says which reply it deserves, so the channel
 * answers without interpreting the message. Immutable.
 *
 * <ul>
 * <li>{@link Reply#LOGIN_REJECT}: an SRP_LOGIN_REJ with {@link #rejectReason()};</li>
 * <li>{@link Reply#RESPONSE}: an SRP_RSP for {@link #tag()} with RSP_CODE {@link #responseCode()} and, for an
 * SRP_CMD, CHECK CONDITION with {@link #sense()} (ILLEGAL REQUEST, INVALID FIELD IN COMMAND INFORMATION UNIT);</li>
 * <li>{@link Reply#TARGET_LOGOUT}: the IU cannot be answered on its own (no tag, unknown type, credit overrun):
 * SRP_T_LOGOUT with {@link #logoutReason()} and the channel goes down, never the other channels.</li>
 * </ul>
 */
public final class SrpProtocolException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Which SRP reply the error deserves. */
    public enum Reply {
        LOGIN_REJECT, RESPONSE, TARGET_LOGOUT
    }

    private final Reply reply;
    private final String field;
    private final transient LoginRejectReason rejectReason;
    private final transient SrpResponseCode responseCode;
    private final transient TargetLogoutReason logoutReason;
    private final long tag;
    private final boolean command;

    private SrpProtocolException(Reply reply, String field, String message, LoginRejectReason rejectReason,
            SrpResponseCode responseCode, TargetLogoutReason logoutReason, long tag, boolean command) {
        super(field + ": " + message);
        this.reply = reply;
        this.field = field;
        this.rejectReason = rejectReason;
        this.responseCode = responseCode;
        this.logoutReason = logoutReason;
        this.tag = tag;
        this.command = command;
    }

    /** A login request to refuse with SRP_LOGIN_REJ {@code reason}. */
    public static SrpProtocolException loginReject(LoginRejectReason reason, long tag, String field, String message) {
        return new SrpProtocolException(Reply.LOGIN_REJECT, field, message, reason, null, null, tag, false);
    }

    /** An SRP_CMD whose fields are invalid: CHECK CONDITION plus RSP_CODE 02h. */
    public static SrpProtocolException invalidCommand(long tag, String field, String message) {
        return new SrpProtocolException(Reply.RESPONSE, field, message, null, SrpResponseCode.INVALID_FIELDS, null, tag,
                true);
    }

    /** An SRP_TSK_MGMT answered with an SRP_RSP of {@code code}. */
    public static SrpProtocolException taskManagement(SrpResponseCode code, long tag, String field, String message) {
        return new SrpProtocolException(Reply.RESPONSE, field, message, null, code, null, tag, false);
    }

    /** An IU that ends the channel with SRP_T_LOGOUT {@code reason}. */
    public static SrpProtocolException logout(TargetLogoutReason reason, String field, String message) {
        return new SrpProtocolException(Reply.TARGET_LOGOUT, field, message, null, null, reason, 0, false);
    }

    public Reply reply() {
        return reply;
    }

    /** The field (name as in SRP r16a) that broke the rules. */
    public String field() {
        return field;
    }

    /** For {@link Reply#LOGIN_REJECT}, else {@code null}. */
    public LoginRejectReason rejectReason() {
        return rejectReason;
    }

    /** For {@link Reply#RESPONSE}, else {@code null}. */
    public SrpResponseCode responseCode() {
        return responseCode;
    }

    /** For {@link Reply#TARGET_LOGOUT}, else {@code null}. */
    public TargetLogoutReason logoutReason() {
        return logoutReason;
    }

    /** The TAG of the offending request (0 for {@link Reply#TARGET_LOGOUT}). */
    public long tag() {
        return tag;
    }

    /** Whether the request was an SRP_CMD, which also gets CHECK CONDITION with {@link #sense()}. */
    public boolean isCommand() {
        return command;
    }

    /** ILLEGAL REQUEST, INVALID FIELD IN COMMAND INFORMATION UNIT, for a rejected SRP_CMD. */
    public SenseData sense() {
        return SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_COMMAND_INFORMATION_UNIT);
    }
}
