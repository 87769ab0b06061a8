package io.quiver.api.mgmt;

/**
 * A management operation was refused: unknown path, read-only attribute, invalid value. The message is
 * meant for the administrator and names what was wrong.
 */
public class ManagementException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ManagementException(String message) {
        super(message);
    }

    public ManagementException(String message, Throwable cause) {
        super(message, cause);
    }
}
