/**
 * The target of the rewritten {@code Subject.getSubject} calls in Karaf's bundles (see
 * {@link io.quiver.compat.subject.KarafSubjects}); exported for those woven classes only.
 */
@Export
@Version("1.0.0")
package io.quiver.compat.subject;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
