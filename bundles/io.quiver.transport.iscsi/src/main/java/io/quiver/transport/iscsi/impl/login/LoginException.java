package io.quiver.transport.iscsi.impl.login;

import io.quiver.transport.iscsi.impl.pdu.LoginStatus;

/** A login that must end with a non-success Login Response carrying {@link #status()}. */
public final class LoginException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient LoginStatus status;

    public LoginException(LoginStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public LoginStatus status() {
        return status;
    }
}
