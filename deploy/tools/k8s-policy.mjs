// Policy checks on a rendered set of Kubernetes objects (one overlay): what
// claimtrace's manifests promise beyond schema validity. Each violation names
// its check, so a fixture can prove that every check fires.
//
//   probes            gRPC startup, readiness and liveness probes on servers
//   probe-port        probes and Service targets hit declared container ports
//   non-root          runAsNonRoot and a numeric non-zero user
//   read-only-root    readOnlyRootFilesystem
//   privilege         no escalation, capabilities drop ALL, RuntimeDefault seccomp
//   writable-volumes  writable mounts only where the SQLite database lives
//   resources         cpu and memory requests and limits
//   image-tag         a tag or digest, never `latest`
//   service-token     automountServiceAccountToken: false
//   grace-period      terminationGracePeriodSeconds > preStop sleep + drain deadline
//   service-ports     Service port == targetPort, selector matches pods
//   host-access       no hostNetwork (unless allowed), hostPID, hostIPC, hostPath
//   labels            app.kubernetes.io/* recommended labels
//   disruption-budget a PodDisruptionBudget per Deployment
//   network-policy    an ingress NetworkPolicy per Deployment
//   autoscaler        an HPA per Deployment, and no fixed replicas (when required)
//   metrics-port      Prometheus annotations name the "metrics" port
//   references        ConfigMaps and Secrets referenced exist (or are declared)

const RECOMMENDED = [
  "app.kubernetes.io/name",
  "app.kubernetes.io/instance",
  "app.kubernetes.io/part-of",
  "app.kubernetes.io/managed-by",
];
const WORKLOAD_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"]);
const SERVER_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet"]);

const id = (o) => `${o.kind}/${o.metadata?.name}`;

function podTemplate(workload) {
  if (workload.kind === "CronJob") return workload.spec?.jobTemplate?.spec?.template ?? {};
  return workload.spec?.template ?? {};
}

function selects(selector, labels) {
  if (!selector) return false;
  const match = selector.matchLabels ?? {};
  if (Object.keys(match).length === 0 && !(selector.matchExpressions ?? []).length) return true;
  return Object.entries(match).every(([k, v]) => labels?.[k] === v) &&
    (selector.matchExpressions ?? []).every((e) => {
      const has = labels && Object.prototype.hasOwnProperty.call(labels, e.key);
      if (e.operator === "In") return has && e.values.includes(labels[e.key]);
      if (e.operator === "NotIn") return !has || !e.values.includes(labels[e.key]);
      if (e.operator === "Exists") return has;
      if (e.operator === "DoesNotExist") return !has;
      return false;
    });
}

// absl durations as the services take them: "10s", "1m30s", "500ms", "1.5s".
export function durationSeconds(text) {
  const units = { h: 3600, m: 60, s: 1, ms: 0.001, us: 1e-6, ns: 1e-9 };
  let total = 0;
  let rest = String(text).trim();
  if (rest === "0") return 0;
  while (rest) {
    const m = rest.match(/^(\d+(?:\.\d+)?)(h|ms|m|s|us|ns)/);
    if (!m) return NaN;
    total += Number(m[1]) * units[m[2]];
    rest = rest.slice(m[0].length);
  }
  return total;
}

// The flags a container's binary ends up with: its args, with each
// --flagfile=PATH expanded from the ConfigMap mounted there, in order (later
// ones win, as in absl). --fromenv=NAME marks NAME as coming from the
// environment (value null: unknown here).
function effectiveFlags(container, pod, objectsByKind) {
  const flags = new Map();
  const apply = (arg) => {
    const m = String(arg).match(/^--?([\w-]+)(?:=(.*))?$/);
    if (!m) return;
    const [, name, value = "true"] = m;
    if (name === "flagfile") {
      for (const line of readMountedFile(value, container, pod, objectsByKind) ?? []) apply(line);
    } else if (name === "fromenv") {
      for (const flag of value.split(",")) {
        const env = (container.env ?? []).find((e) => e.name === `FLAGS_${flag}`);
        flags.set(flag, env && "value" in env ? env.value : null);
      }
    } else {
      flags.set(name, value);
    }
  };
  for (const arg of [...(container.command ?? []).slice(1), ...(container.args ?? [])]) apply(arg);
  return flags;
}

function readMountedFile(file, container, pod, objectsByKind) {
  for (const mount of container.volumeMounts ?? []) {
    const prefix = mount.mountPath.replace(/\/$/, "") + "/";
    if (!file.startsWith(prefix)) continue;
    const volume = (pod.spec?.volumes ?? []).find((v) => v.name === mount.name);
    const name = volume?.configMap?.name;
    const configMap = (objectsByKind.get("ConfigMap") ?? []).find((c) => c.metadata?.name === name);
    const text = configMap?.data?.[file.slice(prefix.length)];
    if (text === undefined) return null;
    return text.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  }
  return null;
}

function sqliteDirectory(flags) {
  const db = flags.get("db");
  if (typeof db !== "string" || !db.startsWith("sqlite:")) return null;
  const file = db.slice("sqlite:".length);
  return file.includes("/") ? file.slice(0, file.lastIndexOf("/")) || "/" : null;
}

// options: allowHostNetwork, requireAutoscaler, externalSecrets (names that
// must exist in the cluster but are not part of the render).
export function policyViolations(objects, options = {}) {
  const violations = [];
  const flag = (check, object, message) => violations.push({ check, object: id(object), message });
  const byKind = new Map();
  for (const o of objects) byKind.set(o.kind, [...(byKind.get(o.kind) ?? []), o]);
  const ofKind = (kind) => byKind.get(kind) ?? [];
  const workloads = objects.filter((o) => WORKLOAD_KINDS.has(o.kind));
  const serviceAccounts = new Map(ofKind("ServiceAccount").map((s) => [s.metadata.name, s]));

  for (const o of objects) {
    const labels = o.metadata?.labels ?? {};
    const wanted = o.kind === "ConfigMap" || o.kind === "Secret" || o.kind === "Namespace"
      ? ["app.kubernetes.io/part-of"] : RECOMMENDED;
    const missing = wanted.filter((l) => !labels[l]);
    if (missing.length) flag("labels", o, `missing labels ${missing.join(", ")}`);
  }

  for (const w of workloads) {
    const pod = podTemplate(w);
    const spec = pod.spec ?? {};
    const podLabels = pod.metadata?.labels ?? {};
    const missing = [...RECOMMENDED, "app.kubernetes.io/version"].filter((l) => !podLabels[l]);
    if (missing.length) flag("labels", w, `pod template lacks labels ${missing.join(", ")}`);

    if (spec.hostNetwork && !options.allowHostNetwork) flag("host-access", w, "hostNetwork: true");
    if (spec.hostPID || spec.hostIPC) flag("host-access", w, "hostPID or hostIPC");
    for (const v of spec.volumes ?? []) {
      if (v.hostPath) flag("host-access", w, `volume ${v.name} is a hostPath`);
    }

    const account = serviceAccounts.get(spec.serviceAccountName ?? "default");
    if (spec.automountServiceAccountToken !== false &&
        !(spec.automountServiceAccountToken === undefined && account?.automountServiceAccountToken === false)) {
      flag("service-token", w, "the pod mounts a service account token");
    }

    const podSecurity = spec.securityContext ?? {};
    const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
    for (const c of containers) {
      const where = `container ${c.name}`;
      const sc = c.securityContext ?? {};
      const image = String(c.image ?? "");
      const ref = image.match(/^(.+?)(?::([\w][\w.-]{0,127}))?(?:@(sha256:[0-9a-f]{64}))?$/);
      const lastPart = image.split("/").pop();
      if (!ref || (!lastPart.includes(":") && !image.includes("@"))) {
        flag("image-tag", w, `${where}: image ${image || "(none)"} has no tag or digest`);
      } else if (ref[2] === "latest") {
        flag("image-tag", w, `${where}: image ${image} uses the latest tag`);
      }

      const nonRoot = sc.runAsNonRoot ?? podSecurity.runAsNonRoot;
      const user = sc.runAsUser ?? podSecurity.runAsUser;
      if (nonRoot !== true) flag("non-root", w, `${where}: runAsNonRoot is not true`);
      if (user !== undefined && (!Number.isInteger(user) || user === 0)) {
        flag("non-root", w, `${where}: runAsUser ${user} is root or not numeric`);
      }
      if (sc.readOnlyRootFilesystem !== true) {
        flag("read-only-root", w, `${where}: readOnlyRootFilesystem is not true`);
      }
      if (sc.allowPrivilegeEscalation !== false) {
        flag("privilege", w, `${where}: allowPrivilegeEscalation is not false`);
      }
      if (sc.privileged) flag("privilege", w, `${where}: privileged`);
      if (!(sc.capabilities?.drop ?? []).includes("ALL")) {
        flag("privilege", w, `${where}: capabilities do not drop ALL`);
      }
      if ((sc.capabilities?.add ?? []).length) {
        flag("privilege", w, `${where}: adds capabilities ${sc.capabilities.add.join(", ")}`);
      }
      const seccomp = (sc.seccompProfile ?? podSecurity.seccompProfile)?.type;
      if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost") {
        flag("privilege", w, `${where}: seccompProfile is ${seccomp ?? "unset"}, not RuntimeDefault`);
      }

      for (const kind of ["requests", "limits"]) {
        for (const resource of ["cpu", "memory"]) {
          if (c.resources?.[kind]?.[resource] === undefined) {
            flag("resources", w, `${where}: no ${resource} ${kind}`);
          }
        }
      }

      const flags = effectiveFlags(c, pod, byKind);
      const dbDirectory = sqliteDirectory(flags);
      for (const mount of c.volumeMounts ?? []) {
        if (mount.readOnly) continue;
        const volume = (spec.volumes ?? []).find((v) => v.name === mount.name);
        const storage = volume && (volume.emptyDir || volume.persistentVolumeClaim || volume.ephemeral);
        if (!storage || mount.mountPath.replace(/\/$/, "") !== dbDirectory) {
          flag("writable-volumes", w,
               `${where}: writable mount ${mount.mountPath} is not the database directory ` +
               `(${dbDirectory ?? "no SQLite database"})`);
        }
      }

      if (!SERVER_KINDS.has(w.kind) || (spec.initContainers ?? []).includes(c)) continue;
      const ports = new Set((c.ports ?? []).map((p) => p.containerPort));
      for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) {
        const grpc = c[probe]?.grpc;
        if (!grpc) {
          flag("probes", w, `${where}: no gRPC ${probe}`);
          continue;
        }
        if (!ports.has(grpc.port)) flag("probe-port", w, `${where}: ${probe} port ${grpc.port} is not a containerPort`);
        if (probe !== "livenessProbe" && !grpc.service) {
          flag("probes", w, `${where}: ${probe} does not name the gRPC service it checks`);
        }
      }

      const drain = durationSeconds(flags.get("drain_deadline") ?? "10s");
      const preStop = c.lifecycle?.preStop?.sleep?.seconds ?? 0;
      const grace = spec.terminationGracePeriodSeconds ?? 30;
      if (!(grace > drain + preStop)) {
        flag("grace-period", w, `${where}: terminationGracePeriodSeconds ${grace} is not above ` +
             `preStop ${preStop} s + drain deadline ${drain} s`);
      }

      const annotations = pod.metadata?.annotations ?? {};
      if (annotations["prometheus.io/scrape"] === "true") {
        const metrics = (c.ports ?? []).find((p) => p.name === "metrics");
        if (!metrics || String(metrics.containerPort) !== annotations["prometheus.io/port"]) {
          flag("metrics-port", w, `${where}: prometheus.io/port is not the port named "metrics"`);
        }
      }
    }

    for (const v of spec.volumes ?? []) {
      const name = v.configMap?.name;
      if (name && !ofKind("ConfigMap").some((c) => c.metadata.name === name)) {
        flag("references", w, `volume ${v.name}: no ConfigMap ${name}`);
      }
      const secret = v.secret?.secretName;
      if (secret && !ofKind("Secret").some((s) => s.metadata.name === secret) &&
          !(options.externalSecrets ?? []).includes(secret)) {
        flag("references", w, `volume ${v.name}: no Secret ${secret}`);
      }
    }
    for (const c of containers) {
      for (const e of c.env ?? []) {
        const secret = e.valueFrom?.secretKeyRef?.name;
        if (secret && !ofKind("Secret").some((s) => s.metadata.name === secret) &&
            !(options.externalSecrets ?? []).includes(secret)) {
          flag("references", w, `env ${e.name}: no Secret ${secret} (and not declared external)`);
        }
        const configMap = e.valueFrom?.configMapKeyRef?.name;
        if (configMap && !ofKind("ConfigMap").some((m) => m.metadata.name === configMap)) {
          flag("references", w, `env ${e.name}: no ConfigMap ${configMap}`);
        }
      }
    }

    if (w.kind !== "Deployment") continue;
    if (!ofKind("PodDisruptionBudget").some((p) => selects(p.spec?.selector, podLabels))) {
      flag("disruption-budget", w, "no PodDisruptionBudget selects its pods");
    }
    if (!ofKind("NetworkPolicy").some((n) => selects(n.spec?.podSelector, podLabels) &&
                                          (n.spec?.policyTypes ?? ["Ingress"]).includes("Ingress"))) {
      flag("network-policy", w, "no ingress NetworkPolicy selects its pods");
    }
    if (options.requireAutoscaler) {
      const hpa = ofKind("HorizontalPodAutoscaler").find((h) =>
        h.spec?.scaleTargetRef?.kind === "Deployment" && h.spec.scaleTargetRef.name === w.metadata.name);
      if (!hpa) {
        flag("autoscaler", w, "no HorizontalPodAutoscaler targets it");
      } else {
        if (!(hpa.spec.metrics ?? []).some((m) => m.resource?.name === "cpu")) {
          flag("autoscaler", hpa, "does not scale on CPU");
        }
        if (w.spec?.replicas !== undefined) {
          flag("autoscaler", w, "sets spec.replicas although an autoscaler owns the count");
        }
      }
    }
  }

  for (const s of ofKind("Service")) {
    const pods = workloads.filter((w) => selects({ matchLabels: s.spec?.selector }, podTemplate(w).metadata?.labels));
    if (!s.spec?.selector || pods.length === 0) {
      flag("service-ports", s, "its selector matches no workload's pods");
    }
    const containerPorts = new Set(pods.flatMap((w) =>
      (podTemplate(w).spec?.containers ?? []).flatMap((c) => (c.ports ?? []).map((p) => p.containerPort))));
    for (const p of s.spec?.ports ?? []) {
      if (p.targetPort === undefined || p.targetPort !== p.port) {
        flag("service-ports", s, `port ${p.name ?? p.port}: targetPort ${p.targetPort ?? "(unset)"} != port ${p.port}`);
      } else if (pods.length && !containerPorts.has(p.targetPort)) {
        flag("probe-port", s, `port ${p.name ?? p.port}: no selected container listens on ${p.targetPort}`);
      }
    }
  }
  for (const kind of ["PodDisruptionBudget", "NetworkPolicy"]) {
    for (const o of ofKind(kind)) {
      const selector = kind === "NetworkPolicy" ? o.spec?.podSelector : o.spec?.selector;
      if (!workloads.some((w) => selects(selector, podTemplate(w).metadata?.labels))) {
        flag(kind === "NetworkPolicy" ? "network-policy" : "disruption-budget", o, "selects no pods");
      }
    }
  }
  return violations;
}
