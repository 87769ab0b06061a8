package io.quiver.core.impl.mgmt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** ConfigAdmin stand-in: factory configurations in a map, PIDs {@code factoryPid~name}. */
final class MapConfigStore implements ConfigStore {

    final Map<String, Entry> entries = new LinkedHashMap<>();

    @Override
    public synchronized Map<String, Object> properties(String pid) {
        Entry e = entries.get(pid);
        return e == null ? Map.of() : e.properties();
    }

    @Override
    public synchronized List<Entry> list(String factoryPid) {
        List<Entry> out = new ArrayList<>();
        entries.values().stream().filter(e -> factoryPid.equals(e.factoryPid())).forEach(out::add);
        return out;
    }

    @Override
    public synchronized String create(String factoryPid, String name, Map<String, Object> properties) {
        String pid = factoryPid + "~" + name + (entries.containsKey(factoryPid + "~" + name) ? "-" + entries.size() : "");
        entries.put(pid, new Entry(pid, factoryPid, new LinkedHashMap<>(properties)));
        return pid;
    }

    @Override
    public synchronized void update(String pid, Map<String, Object> properties) {
        Entry e = entries.get(pid);
        entries.put(pid, new Entry(pid, e == null ? null : e.factoryPid(), new LinkedHashMap<>(properties)));
    }

    @Override
    public synchronized void delete(String pid) {
        entries.remove(pid);
    }
}
