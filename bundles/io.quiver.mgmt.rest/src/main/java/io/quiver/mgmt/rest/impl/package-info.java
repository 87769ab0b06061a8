/**
 * The REST view of Quiver's management tree, its {@code scst.conf} tool and its statistics: HTTP Whiteboard
 * servlets in the servlet context {@code /quiver}, Basic authentication against Karaf's JAAS realm, JSON
 * through Jackson. Private to the bundle; the contract is the HTTP API described by {@code openapi.json}.
 */
package io.quiver.mgmt.rest.impl;
