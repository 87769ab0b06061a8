/**
 * Karaf shell commands {@code quiver:*}: thin adapters over {@link io.quiver.api.mgmt.ManagementTree},
 * like Karaf's own {@code log:*} commands over their service. Private; the bundle exports nothing.
 */
package io.quiver.shell.impl;
