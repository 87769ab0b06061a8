package io.quiver.transport.iscsi.impl.config;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the iSCSI target driver, singleton PID {@code io.quiver.transport.iscsi}: its portals,
 * discovery authentication and connection timing.
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

    @AttributeDefinition(name = "Event loops",
            description = "Netty event loop threads serving all connections (epoll where available, else NIO).",
            min = "1")
    int event__loops() default 2;
}
