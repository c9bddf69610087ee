package dev.monologue.processor;

import com.squareup.javapoet.ClassName;
import dev.monologue.runtime.GeneratedNames;
import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * One valid {@code @MonologueService} interface, ready to be written.
 *
 * @param element the interface, the originating element of both generated files
 * @param interfaceName the interface as JavaPoet names it
 * @param serviceName the service's wire name
 * @param methods the remote methods in declaration order (own methods first, then inherited ones)
 */
record ServiceModel(TypeElement element, ClassName interfaceName, String serviceName, List<MethodModel> methods) {
  ServiceModel {
    methods = List.copyOf(methods);
  }

  ClassName stubName() {
    return ClassName.get(interfaceName.packageName(), flatName() + GeneratedNames.STUB_SUFFIX);
  }

  ClassName skeletonName() {
    return ClassName.get(interfaceName.packageName(), flatName() + GeneratedNames.SKELETON_SUFFIX);
  }

  private String flatName() {
    return GeneratedNames.flatName(interfaceName.simpleNames());
  }
}
