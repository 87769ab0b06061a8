package io.quiver.core.impl.mgmt;

import io.quiver.api.mgmt.ManagementException;
import io.quiver.api.mgmt.ObjectNames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A management tree path: absolute, slash-separated, without empty segments, and refused if a segment breaks
 * {@link ObjectNames#segmentRefusal the tree's rule}. Immutable.
 */
final class Path {

    private final String[] segments;

    private Path(String[] segments) {
        this.segments = segments;
    }

    static Path of(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new ManagementException("paths are absolute: " + path);
        }
        List<String> parts = new ArrayList<>();
        for (String s : path.split("/")) {
            if (s.isEmpty()) {
                continue;
            }
            String refusal = ObjectNames.segmentRefusal(s);
            if (refusal != null) {
                throw new ManagementException(path + ": " + refusal);
            }
            parts.add(s);
        }
        return new Path(parts.toArray(new String[0]));
    }

    String[] segments() {
        return segments.clone();
    }

    String name() {
        return segments.length == 0 ? "" : segments[segments.length - 1];
    }

    Path child(String name) {
        String[] s = Arrays.copyOf(segments, segments.length + 1);
        s[segments.length] = name;
        return new Path(s);
    }

    @Override
    public String toString() {
        return "/" + String.join("/", segments);
    }
}
