/**
 * The commands the core answers itself (REPORT LUNS, INQUIRY and its core VPD pages, REQUEST SENSE,
 * REPORT SUPPORTED OPERATION CODES, REPORT SUPPORTED TASK MANAGEMENT FUNCTIONS). Private to the core
 * bundle.
 */
package io.quiver.core.impl.cmd;
