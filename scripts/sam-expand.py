#!/usr/bin/env python3
"""Expands template.yaml's SAM transform into plain CloudFormation, as `sam deploy` would, with no AWS call.

Usage: python3 scripts/sam-expand.py [template.yaml]   Prints the expanded template as JSON on stdout.
Needs the samtranslator package (preinstalled with cfn-lint; `python3 -c "import samtranslator"`).
Each function's local CodeUri becomes an s3:// URI first, as `sam package` would make it.
"""
import json
import os
import sys

try:
    from samtranslator.translator.transform import transform
    from samtranslator.yaml_helper import yaml_parse
except ImportError:
    sys.exit("error: the samtranslator package is missing; it comes with cfn-lint ('pip install cfn-lint')")


class NoManagedPolicies:
    """The translator asks for AWS managed policy ARNs only for policies named by name; ours are inline."""

    def load(self):
        return {}


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "template.yaml"
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    with open(path, encoding="utf-8") as f:
        template = yaml_parse(f.read())
    for resource in template.get("Resources", {}).values():
        if resource.get("Type") == "AWS::Serverless::Function":
            code_uri = resource["Properties"].get("CodeUri", "")
            resource["Properties"]["CodeUri"] = "s3://monologue-artifacts/" + os.path.basename(code_uri)
    expanded = transform(template, {}, NoManagedPolicies())
    json.dump(expanded, sys.stdout, indent=1, sort_keys=True, default=str)
    print()


if __name__ == "__main__":
    main()
