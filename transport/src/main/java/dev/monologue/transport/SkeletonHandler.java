package dev.monologue.transport;

import dev.monologue.Arguments;
import dev.monologue.MethodHandler;
import dev.monologue.runtime.MethodDescriptor;
import dev.monologue.runtime.ServiceSkeleton;
import java.lang.reflect.Type;
import java.util.List;

/** Serves one method of a {@link ServiceSkeleton}: decodes the arguments with the declared types, then dispatches. */
final class SkeletonHandler implements MethodHandler {
  private final ServiceSkeleton skeleton;
  private final MethodDescriptor method;

  SkeletonHandler(ServiceSkeleton skeleton, MethodDescriptor method) {
    this.skeleton = skeleton;
    this.method = method;
  }

  /** The skeleton this serves a method of. */
  ServiceSkeleton skeleton() {
    return skeleton;
  }

  @Override
  public Object handle(Arguments args) throws Exception {
    List<Type> types = method.parameterTypes();
    if (args.size() != types.size()) {
      throw new BadArgumentsException(method.wireName() + " takes " + types.size() + " argument"
          + (types.size() == 1 ? "" : "s") + ", the caller sent " + args.size(), null);
    }
    Object[] decoded = new Object[types.size()];
    for (int i = 0; i < decoded.length; i++) {
      decoded[i] = args.get(i, types.get(i));
    }
    return skeleton.dispatch(method.wireName(), decoded);
  }
}
