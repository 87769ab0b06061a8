package io.quiver.transport.srp.impl.config;

import io.quiver.rdma.RdmaListener;
import io.quiver.rdma.RdmaProvider;
import io.quiver.spi.target.ScsiTarget;
import io.quiver.spi.target.ScsiTargetCore;
import io.quiver.transport.srp.impl.ChannelLimits;
import io.quiver.transport.srp.impl.SrpLoginHandler;
import io.quiver.transport.srp.impl.SrpTargetPort;
import io.quiver.transport.srp.iu.SrpPortId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
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
 * One configured ib_srpt target: while enabled, registered with the core and listening through RDMA CM on
 * {@code address:rdma_cm_port} of the selected {@link RdmaProvider}. Any change restarts the target (channels
 * are logged out, initiators log in again). DS calls these methods serially; they block only to bind or close
 * the listener.
 */
@Component(name = SrpTargetComponent.FACTORY_PID, service = {}, immediate = true,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SrpTargetConfig.class, factory = true)
public final class SrpTargetComponent {

    public static final String FACTORY_PID = "io.quiver.transport.srp.target";

    private static final Logger LOG = LoggerFactory.getLogger(SrpTargetComponent.class);

    private final ScsiTargetCore core;
    private final SrpTargetDriver driver;
    private final RdmaProvider provider;
    private ScsiTarget registered;
    private SrpTargetPort port;
    private RdmaListener listener;

    @Activate
    public SrpTargetComponent(@Reference ScsiTargetCore core, @Reference SrpTargetDriver driver,
            @Reference(name = "provider", target = "(rdma.provider=verbs)") RdmaProvider provider, SrpTargetConfig config) {
        this.core = core;
        this.driver = driver;
        this.provider = provider;
        apply(config);
    }

    @Modified
    void modified(SrpTargetConfig config) {
        stop();
        apply(config);
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    /** The target port while enabled, else {@code null} (management views, tests). */
    public synchronized SrpTargetPort port() {
        return port;
    }

    private synchronized void apply(SrpTargetConfig c) {
        if (!c.enabled()) {
            return;
        }
        try {
            long iocGuid = c.ioc__guid().isBlank() ? provider.devices().get(0).nodeGuid() : hex(c.ioc__guid());
            long idExt = c.id__ext().isBlank() ? iocGuid : hex(c.id__ext());
            ChannelLimits limits = new ChannelLimits(SrpPortId.target(idExt, iocGuid), c.srp__max__req__size(),
                    c.srp__max__rsp__size(), c.srp__sq__size(), c.multichannel(), c.max__channels(), c.immediate__data());
            registered = core.registerTarget(driver, c.name(), c.rel__tgt__id());
            port = new SrpTargetPort(registered, limits, c.max__sessions());
            InetSocketAddress at = new InetSocketAddress(InetAddress.getByName(c.address()), c.rdma__cm__port());
            listener = provider.listen(at, SrpLoginHandler.queues(limits, c.send__queue__depth(), c.rdma__read__depth()),
                    new SrpLoginHandler(port));
            LOG.info("ib_srpt target {} (port id {}) listening on {} through {}", c.name(), limits.targetPortId(),
                    listener.localAddress(), provider.name());
        } catch (Exception | LinkageError e) {
            LOG.error("ib_srpt target {} not served: {}", c.name(), e.toString());
            stop();
        }
    }

    private static long hex(String digits) {
        String d = digits.replace(":", "");
        if (d.length() != 16) {
            throw new IllegalArgumentException("a GUID has 16 hex digits: " + digits);
        }
        return HexFormat.fromHexDigitsToLong(d);
    }

    private synchronized void stop() {
        if (listener != null) {
            listener.close();
            listener = null;
        }
        if (port != null) {
            port.disable();
            port = null;
        }
        if (registered != null) {
            registered.unregister();
            registered = null;
        }
    }
}
