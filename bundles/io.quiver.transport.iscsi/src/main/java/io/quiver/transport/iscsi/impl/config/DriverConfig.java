package io.quiver.transport.iscsi.impl.config;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Configuration of the iSCSI target driver, singleton PID {@code io.quiver.transport.iscsi}: its portals,
 * discovery authentication, the limit on failed authentications, connection timing, and the negotiation
 * defaults every target inherits unless its own configuration sets the key.
 */
@ObjectClassDefinition(name = "Quiver iSCSI target driver",
        description = "The iSCSI transport (RFC 7143): where it listens, how discovery sessions authenticate, "
                + "and connection timing. Targets are configured under 'Quiver iSCSI target'.")
public @interface DriverConfig {

    @AttributeDefinition(name = "Portals",
            description = "Addresses to listen on, as address:port, IPv6 in brackets ([::1]:3260). Empty: one "
                    + "portal from the framework properties quiver.bind.address (default 127.0.0.1) and "
                    + "quiver.iscsi.port (default 3260). All portals form the portal group every target's "
                    + "portal group tag refers to.")
    String[] portals() default {};

    @AttributeDefinition(name = "iser_portals",
            description = "iSER portals (RFC 7145, iSCSI over RDMA), address:port as portals: RDMA CM listens there "
                    + "for the same targets, usually on the address and port of a TCP portal (3260), as SCST's isert "
                    + "and LIO's enable_iser do, so that an initiator discovers over TCP and logs in over iSER at the "
                    + "same address. Served only while an RDMA provider is running (feature quiver-iser); the address "
                    + "must belong to an RDMA device (RoCE, iWARP, IPoIB). Empty: no iSER.")
    String[] iser__portals() default {};

    @AttributeDefinition(name = "Discovery IncomingUser", type = AttributeType.PASSWORD,
            description = "CHAP users discovery sessions must log in as, each \"name secret\" (write-only). "
                    + "Empty: discovery without authentication.")
    String[] discovery_IncomingUser() default {};

    @AttributeDefinition(name = "Discovery OutgoingUser", type = AttributeType.PASSWORD,
            description = "\"name secret\" the target answers a mutual CHAP challenge with in discovery sessions "
                    + "(write-only). Empty: no mutual CHAP.")
    String discovery_OutgoingUser() default "";

    @AttributeDefinition(name = "Login timeout",
            description = "Seconds a connection may take to complete its login before it is dropped.", min = "1")
    int login__timeout() default 15;

    @AttributeDefinition(name = "NopInInterval",
            description = "Seconds between NOP-In pings on an idle session; 0 disables pings.", min = "0")
    int NopInInterval() default 30;

    @AttributeDefinition(name = "RspTimeout",
            description = "Seconds a NOP-In ping may go unanswered before the connection is dropped.", min = "1")
    int RspTimeout() default 90;

    @AttributeDefinition(name = "Logout timeout",
            description = "Seconds an initiator asked to log out (Asynchronous Message) has before the "
                    + "connection is dropped.", min = "1")
    int logout__timeout() default 10;

    @AttributeDefinition(name = "Authentication failures",
            description = "Failed login authentications from one initiator address, within the failure window, "
                    + "after which logins from that address are refused (Authentication failure) for the back-off "
                    + "period; 0: no limit.", min = "0")
    int auth__failures() default 5;

    @AttributeDefinition(name = "Authentication failure window",
            description = "Seconds over which failed authentications from one address are counted.", min = "1")
    int auth__failure__window() default 60;

    @AttributeDefinition(name = "Authentication back-off",
            description = "Seconds logins from an address are refused once it reached the failure limit.", min = "1")
    int auth__backoff() default 60;

    @AttributeDefinition(name = "HeaderDigest", description = "Default for every target that does not set its "
            + "own: header digests accepted, preferred first.",
            options = {@Option(label = "None", value = "None"), @Option(label = "CRC32C", value = "CRC32C"),
                @Option(label = "CRC32C or None", value = "CRC32C,None"), @Option(label = "None or CRC32C", value = "None,CRC32C")})
    String HeaderDigest() default "CRC32C,None";

    @AttributeDefinition(name = "DataDigest", description = "Default for every target that does not set its "
            + "own: data digests accepted, preferred first.",
            options = {@Option(label = "None", value = "None"), @Option(label = "CRC32C", value = "CRC32C"),
                @Option(label = "CRC32C or None", value = "CRC32C,None"), @Option(label = "None or CRC32C", value = "None,CRC32C")})
    String DataDigest() default "CRC32C,None";

    @AttributeDefinition(name = "InitialR2T", description = "Default for every target that does not set its own.")
    boolean InitialR2T() default false;

    @AttributeDefinition(name = "ImmediateData", description = "Default for every target that does not set its own.")
    boolean ImmediateData() default true;

    @AttributeDefinition(name = "MaxRecvDataSegmentLength", description = "Default for every target that does not "
            + "set its own (also used by discovery sessions), 512..16777215.", min = "512", max = "16777215")
    int MaxRecvDataSegmentLength() default 1048576;

    @AttributeDefinition(name = "MaxBurstLength", description = "Default for every target that does not set its "
            + "own, 512..16777215.", min = "512", max = "16777215")
    int MaxBurstLength() default 1048576;

    @AttributeDefinition(name = "FirstBurstLength", description = "Default for every target that does not set its "
            + "own, 512..16777215 (at most the MaxBurstLength in force).", min = "512", max = "16777215")
    int FirstBurstLength() default 65536;

    @AttributeDefinition(name = "MaxOutstandingR2T", description = "Default for every target that does not set "
            + "its own, 1..65535.", min = "1", max = "65535")
    int MaxOutstandingR2T() default 32;

    @AttributeDefinition(name = "DefaultTime2Wait", description = "Default for every target that does not set "
            + "its own, 0..3600.", min = "0", max = "3600")
    int DefaultTime2Wait() default 2;

    @AttributeDefinition(name = "DefaultTime2Retain", description = "Default for every target that does not set "
            + "its own, 0..3600.", min = "0", max = "3600")
    int DefaultTime2Retain() default 0;

    @AttributeDefinition(name = "iSNSServer",
            description = "iSNS server (RFC 4171) the driver registers its enabled targets, portals and portal groups "
                    + "with, as iscsi-scst: 'host[:port] [AccessControl]' (port 3205 by default). Re-registered when "
                    + "targets or portals change and every 30 s; deregistered when the driver stops. AccessControl "
                    + "is read but not enforced: the targets' initiator groups decide. Empty: no iSNS.")
    String iSNSServer() default "";

    @AttributeDefinition(name = "isns_entity_name",
            description = "The iSNS Entity Identifier the targets are registered under; empty: this host's name.")
    String isns__entity__name() default "";

    @AttributeDefinition(name = "login_balance",
            description = "Spread a target's sessions over the portals that serve it: a login that arrives on a "
                    + "portal with more of the target's sessions than another is redirected (temporarily, RFC 7143 "
                    + "status 0101h) to the portal with the fewest. Only portals bound to a concrete address take "
                    + "part (a wildcard portal has no address to send an initiator to).")
    boolean login__balance() default false;

    @AttributeDefinition(name = "Event loops",
            description = "Netty event loop threads serving all connections (epoll where available, else NIO).",
            min = "1")
    int event__loops() default 2;

    @AttributeDefinition(name = "busy_poll",
            description = "Event loops poll their sockets without ever sleeping (epoll busy-wait, like SPDK's "
                    + "reactor): the lowest latency per command, but every event loop keeps a whole core busy even "
                    + "when no initiator is connected. For machines that give Quiver dedicated cores; set "
                    + "event_loops to the number of cores given. Needs native epoll (ignored on NIO); applies at the "
                    + "next activation, like event_loops.")
    boolean busy__poll() default false;

    @AttributeDefinition(name = "busy_poll_usecs",
            description = "Microseconds an event loop that found I/O keeps polling its sockets before it sleeps "
                    + "(like Linux's net.core.busy_poll): at queue depth 1 the next command is taken without a "
                    + "wake-up, for CPU spent only while commands keep arriving; an idle loop sleeps. 0 = off. "
                    + "Ignored with busy_poll (which never sleeps) and on NIO; applies at the next activation.",
            min = "0", max = "100000")
    int busy__poll__usecs() default 0;
}
