package io.quiver.transport.fcoe.impl.config;

import io.quiver.spi.target.ScsiTarget;
import io.quiver.spi.target.ScsiTargetCore;
import io.quiver.transport.fcoe.impl.frame.MacAddress;
import io.quiver.transport.fcoe.impl.frame.WorldWideName;
import io.quiver.transport.fcoe.impl.port.LocalPort;
import io.quiver.transport.fcoe.impl.port.PacketLink;
import io.quiver.transport.fcoe.impl.port.PcapWriter;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured fcst target: while enabled, registered with the core under its WWPN and served by a
 * {@link LocalPort} on a {@link PacketLink}. Any change restarts the target (logins end, the initiator logs
 * in again). DS calls these methods serially; they block only to open or close the sockets.
 */
@Component(name = FcoeTargetComponent.FACTORY_PID, service = {}, immediate = true,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = FcoeTargetConfig.class, factory = true)
public final class FcoeTargetComponent {

    public static final String FACTORY_PID = "io.quiver.transport.fcoe.target";

    private static final Logger LOG = LoggerFactory.getLogger(FcoeTargetComponent.class);

    private final ScsiTargetCore core;
    private final FcoeTargetDriver driver;
    private ScsiTarget registered;
    private PacketLink link;
    private LocalPort port;

    @Activate
    public FcoeTargetComponent(@Reference ScsiTargetCore core, @Reference FcoeTargetDriver driver,
            FcoeTargetConfig config) {
        this.core = core;
        this.driver = driver;
        apply(config);
    }

    @Modified
    void modified(FcoeTargetConfig config) {
        stop();
        apply(config);
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    private void apply(FcoeTargetConfig c) {
        if (!c.enabled()) {
            return;
        }
        try {
            long portName = WorldWideName.parse(c.name());
            link = PacketLink.open(c.interface__name(), c.netns(), c.pcap().isBlank() ? null : new PcapWriter(Path.of(c.pcap())));
            long nodeName = c.node__name().isBlank() ? 0x2000L << 48 | link.mac() : WorldWideName.parse(c.node__name());
            String name = WorldWideName.format(portName);
            registered = core.registerTarget(driver, name, c.rel__tgt__id());
            boolean fabric = "fabric".equalsIgnoreCase(c.mode().trim());
            if (!fabric && !"vn2vn".equalsIgnoreCase(c.mode().trim())) {
                throw new IllegalArgumentException("mode " + c.mode() + ": vn2vn or fabric");
            }
            port = new LocalPort(name, link.mac(), portName, nodeName, link.mtu(), c.max__burst__size(), fabric, link,
                    registered);
            PacketLink l = link;
            if (fabric) {
                port.onPortMac(l::addVnPortMac); // the FCF grants the MAC at each FLOGI
            } else {
                link.addVnPortMac(MacAddress.vnPort(port.portId()));
            }
            LocalPort p = port;
            link.start(c.interface__name(), f -> p.receiveFip(f, System.currentTimeMillis()),
                    () -> p.tick(System.currentTimeMillis()), p::receiveFcoe);
            port.start(System.currentTimeMillis());
            LOG.info("fcst target {} on {} ({}, MAC {}, MTU {}, port ID {})", name, c.interface__name(),
                    fabric ? "fabric" : "VN2VN", MacAddress.format(link.mac()), link.mtu(),
                    String.format("%06x", port.portId()));
        } catch (Exception | LinkageError e) {
            LOG.error("fcst target {} on {} not served: {}", c.name(), c.interface__name(), e.toString());
            stop();
        }
    }

    private void stop() {
        if (port != null) {
            port.close();
            port = null;
        }
        if (link != null) {
            try {
                link.close();
            } catch (Exception e) {
                LOG.warn("fcst: closing the link: {}", e.toString());
            }
            link = null;
        }
        if (registered != null) {
            registered.unregister();
            registered = null;
        }
    }
}
