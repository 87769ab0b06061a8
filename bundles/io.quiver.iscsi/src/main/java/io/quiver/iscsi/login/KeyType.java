package io.quiver.iscsi.login;

/**
 * How a key's value is agreed (RFC 7143, 6.2 and 13): declarative keys are stated by one side; negotiated
 * keys are answered by the acceptor with a result the rule below fixes. Immutable.
 */
public enum KeyType {
    /** Stated by the sender; the receiver does not answer it. */
    DECLARATIVE,
    /** Boolean, result Yes only if both say Yes (AND). */
    BOOLEAN_AND,
    /** Boolean, result Yes if either says Yes (OR). */
    BOOLEAN_OR,
    /** Numeric, the result is the smaller of offer and acceptor's value. */
    NUMERIC_MIN,
    /** Numeric, the result is the larger of offer and acceptor's value. */
    NUMERIC_MAX,
    /** List of values in the originator's preference order; the acceptor picks the first it supports. */
    LIST,
    /** Handled by the login's own logic (CHAP exchange, SendTargets, names). */
    SPECIAL
}
