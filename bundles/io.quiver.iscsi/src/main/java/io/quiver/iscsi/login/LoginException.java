package io.quiver.iscsi.login;

import io.quiver.iscsi.pdu.LoginStatus;

/** A login that must end with a non-success Login Response carrying {@link #status()}. */
public final class LoginException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient LoginStatus status;
    private final String targetAddress;

    public LoginException(LoginStatus status, String message) {
        this(status, message, null);
    }

    /**
     * A redirection (status class 1): the response carries {@code TargetAddress=targetAddress}, which the
     * initiator logs in to instead (RFC 7143, 11.13.5).
     */
    public LoginException(LoginStatus status, String message, String targetAddress) {
        super(message, null, false, false);
        this.status = status;
        this.targetAddress = targetAddress;
    }

    /** The TargetAddress value of a redirection ({@code address:port,tpgt}), or {@code null}. */
    public String targetAddress() {
        return targetAddress;
    }

    public LoginStatus status() {
        return status;
    }
}
