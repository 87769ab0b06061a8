package io.quiver.rdma;

/** A work completion's status, verbs' {@code ibv_wc_status} in its order (the ordinal is the code). */
public enum CompletionStatus {
    SUCCESS, LOCAL_LENGTH_ERROR, LOCAL_QP_OPERATION_ERROR, LOCAL_EEC_OPERATION_ERROR, LOCAL_PROTECTION_ERROR,
    WORK_REQUEST_FLUSH_ERROR, MEMORY_WINDOW_BIND_ERROR, BAD_RESPONSE, LOCAL_ACCESS_ERROR, REMOTE_INVALID_REQUEST,
    REMOTE_ACCESS_ERROR, REMOTE_OPERATION_ERROR, RETRY_EXCEEDED, RNR_RETRY_EXCEEDED, LOCAL_RDD_VIOLATION,
    REMOTE_INVALID_RD_REQUEST, REMOTE_ABORTED, INVALID_EEC_NUMBER, INVALID_EEC_STATE, FATAL, RESPONSE_TIMEOUT,
    GENERAL;

    private static final CompletionStatus[] BY_CODE = values();

    /** The verbs code. */
    public int code() {
        return ordinal();
    }

    /** The status of verbs code {@code code}; unknown codes are {@link #GENERAL}. */
    public static CompletionStatus of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : GENERAL;
    }
}
