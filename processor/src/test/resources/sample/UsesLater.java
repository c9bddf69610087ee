package sample;

import dev.monologue.MonologueService;
import java.util.List;

@MonologueService
public interface UsesLater {
  Later echo(List<Later> values);
}
