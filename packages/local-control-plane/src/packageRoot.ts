import path from 'path';

/** The package root (holds crds/ and manifests/), from src/ or an installed dist/ alike. */
export function packageRoot(): string {
  return path.dirname(
    require.resolve('@openchoreo-workflows/local-control-plane/package.json'),
  );
}
