/**
 * The {@code scst.conf} config tool: check, apply and write SCST-style configuration files against the
 * running system's management tree. Views (shell, REST, {@code bin/quiver-admin}) call
 * {@link io.quiver.config.ScstConfigService}; reports travel as public-field DTOs.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.2.0")
package io.quiver.config;
