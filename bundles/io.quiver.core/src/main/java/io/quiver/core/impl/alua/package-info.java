/**
 * Asymmetric logical unit access (SPC-4 5.15): target port groups and device groups as ConfigAdmin
 * factory configurations (SCST's TARGET_GROUP/DEVICE_GROUP model), REPORT/SET TARGET PORT GROUPS, implicit
 * and explicit transitions and per-state command filtering. Private to the core bundle.
 */
package io.quiver.core.impl.alua;
