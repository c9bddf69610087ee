package dev.monologue.binding;

import dev.monologue.runtime.MethodDescriptor;
import dev.monologue.runtime.RemoteInvoker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** Records every invocation and answers with {@code answer}. */
final class RecordingInvoker implements RemoteInvoker {
  record Invocation(MethodDescriptor method, List<Object> args) {}

  final List<Invocation> invocations = new ArrayList<>();
  private final Function<MethodDescriptor, Object> answer;

  RecordingInvoker(Function<MethodDescriptor, Object> answer) {
    this.answer = answer;
  }

  @Override
  public Object invoke(MethodDescriptor method, Object[] args) {
    invocations.add(new Invocation(method, Arrays.asList(args.clone())));
    return answer.apply(method);
  }
}
