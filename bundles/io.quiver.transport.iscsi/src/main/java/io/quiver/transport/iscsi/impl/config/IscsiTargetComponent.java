package io.quiver.transport.iscsi.impl.config;

import io.quiver.spi.target.ScsiTarget;
import io.quiver.spi.target.ScsiTargetCore;
import io.quiver.iscsi.login.ChapCredentials;
import io.quiver.transport.iscsi.impl.session.IscsiTarget;
import io.quiver.transport.iscsi.impl.session.LoginRedirect;
import java.util.List;
import java.util.Map;
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
 * One configured iSCSI target (factory PID {@code io.quiver.transport.iscsi.target}): while enabled it is
 * registered with the core as a SCSI target port and served by the driver. A change of name, rel_tgt_id or
 * enabled re-registers it (sessions are logged out first); any other change applies to new sessions and keeps
 * the live ones. DS calls these methods serially.
 */
@Component(name = IscsiTargetComponent.FACTORY_PID, service = {}, immediate = true,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = TargetConfig.class, factory = true)
public final class IscsiTargetComponent {

    /** The factory PID targets are configured under. */
    public static final String FACTORY_PID = "io.quiver.transport.iscsi.target";

    private static final Logger LOG = LoggerFactory.getLogger(IscsiTargetComponent.class);

    private final ScsiTargetCore core;
    private final IscsiTargetDriver driver;
    private TargetConfig config;
    private ScsiTarget registered;
    private IscsiTarget target;

    @Activate
    public IscsiTargetComponent(@Reference ScsiTargetCore core, @Reference IscsiTargetDriver driver, TargetConfig config,
            Map<String, Object> properties) {
        this.core = core;
        this.driver = driver;
        apply(config, properties);
    }

    @Modified
    void modified(TargetConfig changed, Map<String, Object> properties) {
        boolean reRegister = config == null || changed.enabled() != config.enabled()
                || !String.valueOf(changed.name()).equals(String.valueOf(config.name()))
                || changed.rel__tgt__id() != config.rel__tgt__id();
        if (reRegister) {
            disable("target reconfigured");
        }
        apply(changed, properties);
    }

    @Deactivate
    void deactivate() {
        disable("target removed");
    }

    /**
     * @param properties the configuration as stored: negotiation keys it does not hold are left to the
     *        driver's defaults, so only keys the target sets are its own
     */
    private void apply(TargetConfig c, Map<String, Object> properties) {
        config = c;
        if (!c.enabled()) {
            return;
        }
        String name = c.name() == null ? "" : c.name().trim();
        if (!(name.startsWith("iqn.") || name.startsWith("eui.") || name.startsWith("naa."))) {
            LOG.error("iSCSI target name '{}' is not an iqn., eui. or naa. name: target not served", name);
            return;
        }
        if (registered == null) {
            registered = core.registerTarget(driver, name, c.rel__tgt__id());
        }
        target = new IscsiTarget(name, c.TargetAlias().isEmpty() ? null : c.TargetAlias(), c.portal__group__tag(),
                ChapCredentials.parse(c.IncomingUser()), TargetRegistry.outgoing(c.OutgoingUser()),
                NegotiationValues.of(c, properties::containsKey), c.QueuedCommands(), List.of(c.allowed__portal()), c.per__portal__acl(),
                registered, redirect(name, c.redirect()), target);
        driver.putTarget(target);
    }

    /** The target's redirection; a value that cannot be read is logged and leaves the target served here. */
    private static LoginRedirect redirect(String target, String value) {
        try {
            return LoginRedirect.parse(value);
        } catch (IllegalArgumentException e) {
            LOG.error("iSCSI target {} attribute redirect: {}; logins are served here", target, e.getMessage());
            return null;
        }
    }

    private void disable(String reason) {
        if (target != null) {
            driver.removeTarget(target.name(), reason);
            target = null;
        }
        if (registered != null) {
            registered.unregister();
            registered = null;
        }
    }
}
