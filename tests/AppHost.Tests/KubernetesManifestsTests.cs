using System.Xml.Linq;
using YamlDotNet.RepresentationModel;

namespace Tapline.AppHost.Tests;

/// <summary>
/// deploy/k8s holds the production topology: api, two schedulers, N runners, an external
/// PostgreSQL given as a Secret, and a shared volume for .meltano/logs. Parsed and checked here
/// because helm/kubectl are not part of this machine's kind.
/// </summary>
public sealed class KubernetesManifestsTests
{
    private const string LogsPath = "/project/.meltano/logs";
    private static readonly string Directory = RepositoryLayout.Path("deploy", "k8s");

    [Fact]
    public void Kustomization_lists_every_manifest_and_every_manifest_is_listed()
    {
        var kustomization = Load("kustomization.yaml").Single();
        var listed = Sequence(kustomization, "resources").Select(Scalar).Order().ToList();
        var present = System.IO.Directory.EnumerateFiles(Directory, "*.yaml")
            .Select(f => Path.GetFileName(f)!)
            .Where(name => name != "kustomization.yaml")
            .Order()
            .ToList();
        Assert.Equal(present, listed);
    }

    [Fact]
    public void Deployments_run_one_api_two_schedulers_and_scalable_runners_from_the_sdk_built_images()
    {
        var deployments = Documents().Where(d => Scalar(d, "kind") == "Deployment").ToDictionary(d => Scalar(d, "metadata", "name"));
        Assert.Equal(["tapline-api", "tapline-runner", "tapline-scheduler"], deployments.Keys.Order());

        Assert.Equal("1", Scalar(deployments["tapline-api"], "spec", "replicas"));
        Assert.Equal("2", Scalar(deployments["tapline-scheduler"], "spec", "replicas"));
        Assert.True(int.Parse(Scalar(deployments["tapline-runner"], "spec", "replicas")) >= 2);
        Assert.Equal(["worker"], Sequence(Container(deployments["tapline-runner"]), "args").Select(Scalar));

        // The image names are the ones the services' csproj files give the SDK's container build.
        Assert.Equal(ContainerRepository("Api"), Scalar(Container(deployments["tapline-api"]), "image"));
        Assert.Equal(ContainerRepository("Scheduler"), Scalar(Container(deployments["tapline-scheduler"]), "image"));
        Assert.Equal(ContainerRepository("Runner"), Scalar(Container(deployments["tapline-runner"]), "image"));

        foreach (var (name, deployment) in deployments)
        {
            var selector = Mapping(deployment, "spec", "selector", "matchLabels");
            var labels = Mapping(deployment, "spec", "template", "metadata", "labels");
            foreach (var (key, value) in selector.Children)
            {
                Assert.Equal(Scalar(value), Scalar(labels, Scalar(key)));
            }

            var container = Container(deployment);
            Assert.Equal("http", Scalar(Sequence(container, "ports").Single(), "name"));
            Assert.Equal("/alive", Scalar(container, "livenessProbe", "httpGet", "path"));
            var readiness = Scalar(container, "readinessProbe", "httpGet", "path");
            Assert.Equal(name == "tapline-api" ? "/api/v1/health" : "/health", readiness);
            if (name == "tapline-api")
            {
                // The Api filters Host by ui.server_name and lets loopback names through: the kubelet's Host is the pod IP.
                foreach (var probe in new[] { "readinessProbe", "livenessProbe" })
                {
                    var headers = Sequence(container, probe, "httpGet", "httpHeaders").Cast<YamlMappingNode>().ToList();
                    Assert.Contains(headers, h => Scalar(h, "name") == "Host" && Scalar(h, "value") == "localhost");
                }
            }
        }
    }

    [Fact]
    public void Every_service_reads_the_system_database_and_secrets_from_the_secret_and_the_project_read_only()
    {
        var config = Documents().Single(d => Scalar(d, "kind") == "ConfigMap" && Scalar(d, "metadata", "name") == "tapline-config");
        Assert.Equal("true", Scalar(config, "data", "MELTANO_PROJECT_READONLY"));
        Assert.Equal("/project", Scalar(config, "data", "MELTANO_PROJECT_ROOT"));
        Assert.Equal("true", Scalar(config, "data", "MELTANO_UI_AUTHENTICATION"));

        foreach (var deployment in Documents().Where(d => Scalar(d, "kind") == "Deployment"))
        {
            var container = Container(deployment);
            Assert.Equal("tapline-config", Scalar(Sequence(container, "envFrom").Single(), "configMapRef", "name"));
            var env = Sequence(container, "env").Cast<YamlMappingNode>().ToDictionary(e => Scalar(e, "name"));
            Assert.Equal("tapline", Scalar(env["ConnectionStrings__systemdb"], "valueFrom", "secretKeyRef", "name"));
            Assert.Equal("systemdb", Scalar(env["ConnectionStrings__systemdb"], "valueFrom", "secretKeyRef", "key"));
            // One ui.secret_key for every service: it seals the Data Protection keys of stored plugin secrets.
            Assert.Equal("ui-secret-key", Scalar(env["MELTANO_UI_SECRET_KEY"], "valueFrom", "secretKeyRef", "key"));
            // No secret is ever written into a manifest as a literal value.
            foreach (var variable in env.Values)
            {
                Assert.False(variable.Children.ContainsKey(new YamlScalarNode("value")) && IsSecretName(Scalar(variable, "name")),
                    $"{Scalar(variable, "name")} must come from a Secret");
            }
        }

        var api = Container(Documents().Single(d => Scalar(d, "metadata", "name") == "tapline-api" && Scalar(d, "kind") == "Deployment"));
        var apiEnv = Sequence(api, "env").Cast<YamlMappingNode>().ToDictionary(e => Scalar(e, "name"));
        foreach (var (variable, key) in new[]
                 {
                     ("MELTANO_UI_SECRET_KEY", "ui-secret-key"),
                     ("MELTANO_UI_PASSWORD_SALT", "ui-password-salt"),
                     ("TAPLINE_BOOTSTRAP_PASSWORD", "tapline-bootstrap-password"),
                 })
        {
            Assert.Equal(key, Scalar(apiEnv[variable], "valueFrom", "secretKeyRef", "key"));
        }
    }

    [Fact]
    public void Api_and_runners_share_one_volume_for_meltano_logs()
    {
        var claim = Documents().Single(d => Scalar(d, "kind") == "PersistentVolumeClaim");
        var claimName = Scalar(claim, "metadata", "name");
        Assert.Equal(["ReadWriteMany"], Sequence(claim, "spec", "accessModes").Select(Scalar));

        foreach (var name in new[] { "tapline-api", "tapline-runner" })
        {
            var deployment = Documents().Single(d => Scalar(d, "kind") == "Deployment" && Scalar(d, "metadata", "name") == name);
            var volume = Sequence(deployment, "spec", "template", "spec", "volumes").Cast<YamlMappingNode>()
                .Single(v => Scalar(v, "persistentVolumeClaim", "claimName") == claimName);
            var mount = Sequence(Container(deployment), "volumeMounts").Cast<YamlMappingNode>()
                .Single(m => Scalar(m, "name") == Scalar(volume, "name"));
            Assert.Equal(LogsPath, Scalar(mount, "mountPath"));
        }

        var api = Documents().Single(d => Scalar(d, "kind") == "Service");
        Assert.Equal("tapline-api", Scalar(api, "spec", "selector", "app.kubernetes.io/name"));
    }

    private static bool IsSecretName(string name) =>
        name.Contains("SECRET", StringComparison.Ordinal) || name.Contains("PASSWORD", StringComparison.Ordinal)
        || name.Contains("SALT", StringComparison.Ordinal) || name.StartsWith("ConnectionStrings__", StringComparison.Ordinal);

    private static string ContainerRepository(string project) =>
        XDocument.Load(RepositoryLayout.Path(project, $"{project}.csproj")).Descendants("ContainerRepository").Single().Value;

    private static List<YamlMappingNode> Documents() =>
        System.IO.Directory.EnumerateFiles(Directory, "*.yaml")
            .Where(f => Path.GetFileName(f) != "kustomization.yaml")
            .SelectMany(f => Load(Path.GetFileName(f)))
            .ToList();

    private static List<YamlMappingNode> Load(string file)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Directory, file));
        stream.Load(reader);
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    private static YamlMappingNode Container(YamlMappingNode deployment) =>
        (YamlMappingNode)Sequence(deployment, "spec", "template", "spec", "containers").Single();

    private static YamlNode Node(YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            node = ((YamlMappingNode)node).Children[new YamlScalarNode(key)];
        }
        return node;
    }

    private static YamlMappingNode Mapping(YamlNode node, params string[] path) => (YamlMappingNode)Node(node, path);

    private static IEnumerable<YamlNode> Sequence(YamlNode node, params string[] path) => ((YamlSequenceNode)Node(node, path)).Children;

    private static string Scalar(YamlNode node) => ((YamlScalarNode)node).Value!;

    private static string Scalar(YamlNode node, params string[] path) => Scalar(Node(node, path));
}
