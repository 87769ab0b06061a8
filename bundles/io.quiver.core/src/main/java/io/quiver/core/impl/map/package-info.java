/**
 * LUN maps as configured: LUN definitions, initiator groups with SCST's wildcard patterns, and the
 * SAM-5 LUN field encoding. Values only; private to the core bundle.
 */
package io.quiver.core.impl.map;
