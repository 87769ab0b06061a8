/**
 * Login and text negotiation values (RFC 7143, 6 and 13): the key table, the negotiation rules, text
 * parameter encoding and reassembly, the operational values in force, and CHAP (algorithms, binary values,
 * credentials). Shared by the target (acceptor) and the initiator (originator); values are immutable or owned
 * by one login on one thread.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.quiver.iscsi.login;
