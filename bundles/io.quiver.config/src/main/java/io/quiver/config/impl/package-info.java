/** The config tool's implementation: parser, mapping to the management tree, planner, writer. Private. */
package io.quiver.config.impl;
