package dev.monologue.cli;

import dev.monologue.Monologue;
import dev.monologue.MonologueOptions;
import dev.monologue.Setting;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options of the commands that connect as a client. Each is the client's {@link Setting} named in its
 * {@code descriptionKey} ({@link SettingHelp#KEY_PREFIX} and the setting's key): its help comes from that table, and
 * its value is applied through it, as the environment's would be. What they leave unset comes from the environment
 * and {@code .monologuerc}, read by the client's own loader ({@link Monologue#create(MonologueOptions)}), exactly as
 * a program's client reads them.
 */
final class ConnectionOptions {
  @Spec(Spec.Target.MIXEE)
  CommandLine.Model.CommandSpec command;

  @Spec
  CommandLine.Model.CommandSpec self;

  @Option(names = {"-e", "--endpoint"}, paramLabel = "URI", descriptionKey = SettingHelp.KEY_PREFIX + "endpoint")
  String endpoint;

  @Option(names = "--api-key", paramLabel = "KEY", descriptionKey = SettingHelp.KEY_PREFIX + "apiKey")
  String apiKey;

  @Option(names = {"-t", "--timeout"}, paramLabel = "DURATION", descriptionKey = SettingHelp.KEY_PREFIX + "timeout")
  String timeout;

  /** A client configured from these options, then the environment and the rc files; not connected yet. */
  Monologue client() {
    MonologueOptions.Builder b = MonologueOptions.builder();
    for (OptionSpec option : self.options()) {
      String value = option.getValue();
      String key = option.descriptionKey();
      if (value != null && key != null && key.startsWith(SettingHelp.KEY_PREFIX)) {
        Setting setting = Setting.named(key.substring(SettingHelp.KEY_PREFIX.length()));
        try {
          setting.applyTo(b, value, option.longestName());
        } catch (IllegalArgumentException e) {
          throw new CommandLine.ParameterException(command.commandLine(), e.getMessage(), e, option, value);
        }
      }
    }
    try {
      return Monologue.create(b.build());
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new ConfigurationException(e.getMessage(), e);
    }
  }
}
