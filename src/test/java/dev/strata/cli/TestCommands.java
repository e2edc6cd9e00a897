package dev.strata.cli;

import picocli.CommandLine;

/** A picocli factory that hands out given command instances (with their test seams) by class. */
final class TestCommands {
    private TestCommands() {}

    static CommandLine.IFactory supplying(Object... commands) {
        CommandLine.IFactory fallback = CommandLine.defaultFactory();
        return new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                for (Object c : commands) {
                    if (cls.isInstance(c)) {
                        return cls.cast(c);
                    }
                }
                return fallback.create(cls);
            }
        };
    }
}
