package ru.osago.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code --name value} options of the generator's small tools (stub-http, jms-echo, broker-batch, wake-cost). */
final class ToolOptions {

    private ToolOptions() {
    }

    /** The defaults with the given options put over them; an option the tool does not know is refused. */
    static Map<String, String> parse(String[] args, Map<String, String> defaults, String usage) {
        Map<String, String> options = new LinkedHashMap<>(defaults);
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!options.containsKey(name) || i + 1 == args.length) {
                throw new IllegalArgumentException("usage: " + usage + "; not understood: " + args[i]);
            }
            options.put(name, args[i + 1]);
        }
        return options;
    }
}
