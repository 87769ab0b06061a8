/** Lock-free command statistics of devices, targets and sessions. Private to the core bundle. */
package io.quiver.core.impl.stats;
