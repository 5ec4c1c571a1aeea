import { sameBuild } from '../evidence';
import { defineCheck, MAX_RELATED } from './types';

export default defineCheck({
  id: 'service-duplicate-name',
  category: 'workspace',
  kinds: ['Service'],
  defaultSeverity: 'warning',
  target: 'service',
  docs:
    "Two Services with the same name and namespace that are certainly applied together: in one file (applying it keeps only the last), or in two files of one kustomize build (kustomize fails: \"may not add resource with an already registered id\"). Files that are merely side by side (install variants, an IPv4 and an IPv6 version, overlays for other environments) are alternatives, not duplicates.",
  example: '# kustomization.yaml lists web.yaml and web-nodeport.yaml, both define Service web',
  check(ctx, ref) {
    const name = ref.obj.name;
    if (!name) return;
    const same = ctx.view.servicesNamed(ref.namespace, name).filter((o) => o !== ref);
    if (!same.length) return;
    const inFile = same.filter((o) => o.file === ref.file);
    if (inFile.length) {
      ctx.report(ref.obj.at, `Another Service named ${name} in namespace ${ref.namespace} is in this file: applying it keeps only the last one.`, {
        related: inFile.slice(0, MAX_RELATED).map((o) => ctx.related(o, o.obj.at, 'the other Service')),
      });
      return;
    }
    const together = same.filter((o) => sameBuild(ref, o));
    if (!together.length) return;
    const root = ref.build!.builds.find((b) => together[0].build!.builds.some((c) => c.root === b.root))!.root;
    ctx.report(ref.obj.at, `Another Service named ${name} in namespace ${ref.namespace} is in the same kustomize build (${root}): kustomize fails with "may not add resource with an already registered id".`, {
      related: together.slice(0, MAX_RELATED).map((o) => ctx.related(o, o.obj.at, 'the other Service')),
    });
  },
});
