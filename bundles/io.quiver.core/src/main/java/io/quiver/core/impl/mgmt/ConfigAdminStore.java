package io.quiver.core.impl.mgmt;

import io.quiver.api.mgmt.ManagementException;
import io.quiver.api.mgmt.ObjectNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * {@link ConfigStore} over ConfigAdmin: named factory configurations ({@code factoryPid~alias}), with
 * the framework's own properties hidden. The {@linkplain #alias alias} is the name in the characters a PID
 * and its file name can carry, one alias per name, so that creating one object never reuses another's
 * configuration. Objects are found again by their properties ({@code name}, or target, group and lun),
 * never by their PID, so configurations made under earlier aliases keep working. Thread-safe; blocks
 * briefly on ConfigAdmin.
 */
final class ConfigAdminStore implements ConfigStore {

    private static final Set<String> FRAMEWORK = Set.of(Constants.SERVICE_PID, ConfigurationAdmin.SERVICE_FACTORYPID,
            ConfigurationAdmin.SERVICE_BUNDLELOCATION, "felix.fileinstall.filename");

    private static final HexFormat HEX = HexFormat.of();

    private final ConfigurationAdmin admin;

    ConfigAdminStore(ConfigurationAdmin admin) {
        this.admin = admin;
    }

    @Override
    public Map<String, Object> properties(String pid) {
        try {
            // Listed, not got: getConfiguration would create an empty configuration just by looking.
            Configuration[] all = admin.listConfigurations("(" + Constants.SERVICE_PID + "=" + pid + ")");
            return all == null || all.length == 0 ? Map.of() : properties(all[0]);
        } catch (IOException | InvalidSyntaxException e) {
            throw new ManagementException("cannot read configuration " + pid, e);
        }
    }

    @Override
    public List<Entry> list(String factoryPid) {
        try {
            Configuration[] all = admin.listConfigurations("(" + ConfigurationAdmin.SERVICE_FACTORYPID + "=" + factoryPid + ")");
            List<Entry> out = new ArrayList<>();
            if (all != null) {
                for (Configuration c : all) {
                    out.add(new Entry(c.getPid(), factoryPid, properties(c)));
                }
            }
            return out;
        } catch (IOException | InvalidSyntaxException e) {
            throw new ManagementException("cannot list configurations of " + factoryPid, e);
        }
    }

    private static Map<String, Object> properties(Configuration c) {
        Map<String, Object> props = new TreeMap<>();
        Dictionary<String, Object> d = c.getProperties();
        if (d != null) {
            for (String k : Collections.list(d.keys())) {
                if (!FRAMEWORK.contains(k)) {
                    props.put(k, d.get(k));
                }
            }
        }
        return props;
    }

    @Override
    public String create(String factoryPid, String name, Map<String, Object> properties) {
        try {
            Configuration c = admin.getFactoryConfiguration(factoryPid, alias(name), "?");
            Dictionary<String, Object> taken = c.getProperties();
            if (taken != null) {
                // Only a configuration made under an earlier, lossy alias (or a digest collision) gets here.
                Object other = taken.get("name");
                throw new ManagementException("cannot create " + factoryPid + " " + name + ": its configuration "
                        + c.getPid() + " belongs to " + (other == null ? "another object" : other));
            }
            c.update(new Hashtable<>(properties));
            return c.getPid();
        } catch (IOException e) {
            throw new ManagementException("cannot create " + factoryPid + " " + name, e);
        }
    }

    /**
     * The factory configuration alias of {@code name}: letters, digits, {@code .} and {@code -} as they are
     * (so {@code disk0} stays {@code disk0}), every other character as {@code _} and the two hex digits of
     * each of its UTF-8 bytes ({@code ram_1} is {@code ram_5f1}, {@code ram:1} is {@code ram_3a1}); distinct
     * names give distinct aliases. An alias longer than {@link ObjectNames#MAX_LENGTH} (which persists) is cut
     * and ends in {@code _-} and the SHA-256 of the name, a form no escaped name takes.
     */
    static String alias(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) b;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-') {
                out.append(c);
            } else {
                out.append('_').append(HEX.toHexDigits(b));
            }
        }
        if (out.length() <= ObjectNames.MAX_LENGTH) {
            return out.toString();
        }
        String digest = "_-" + sha256(name);
        return out.substring(0, ObjectNames.MAX_LENGTH - digest.length()) + digest;
    }

    private static String sha256(String s) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public void update(String pid, Map<String, Object> properties) {
        try {
            admin.getConfiguration(pid, "?").update(new Hashtable<>(properties));
        } catch (IOException e) {
            throw new ManagementException("cannot update " + pid, e);
        }
    }

    @Override
    public void delete(String pid) {
        try {
            admin.getConfiguration(pid, "?").delete();
        } catch (IOException e) {
            throw new ManagementException("cannot delete " + pid, e);
        }
    }
}
