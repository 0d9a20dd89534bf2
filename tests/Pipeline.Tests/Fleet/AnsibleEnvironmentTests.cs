using System.Text.Json.Nodes;
using OpenH264Build.Fleet;

namespace OpenH264Build.Tests.Fleet;

/// <summary>
/// The real ansible-playbook, on a play that reports what its controller sees: the operator's SSH agent reaches it,
/// credentials of the build's environment do not.
/// </summary>
[Collection("Process state")]
public sealed class AnsibleEnvironmentTests : IDisposable
{
    private const string Playbook = """
        - hosts: all
          gather_facts: false
          tasks:
            - name: Report what the controller sees
              copy:
                dest: "{{ fleet_result_folder }}/{{ inventory_hostname }}.json"
                content: >-
                  {{ {'host': inventory_hostname, 'state': 'done',
                      'error': 'sock=' ~ lookup('env', 'SSH_AUTH_SOCK') ~ ';aws=' ~ lookup('env', 'AWS_SECRET_ACCESS_KEY')
                               ~ ';oidc=' ~ lookup('env', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN')} | to_json }}
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("ansible-env-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Ansible_gets_the_ssh_agent_and_no_credential_of_the_builds_environment()
    {
        var inventory = Path.Combine(_folder, "hosts");
        await File.WriteAllTextAsync(inventory, "env-probe ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n");
        await File.WriteAllTextAsync(Path.Combine(_folder, "env.yml"), Playbook);
        var planted = new Dictionary<string, string?>
        {
            ["SSH_AUTH_SOCK"] = Path.Combine(_folder, "agent.sock"),
            ["AWS_SECRET_ACCESS_KEY"] = "aws-planted-ansible", ["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = "oidc-planted-ansible",
        };
        using (new Processes.PlantedEnvironment(planted))
        {
            var runner = new AnsibleRunner(new AnsibleSettings(inventory, _folder, 1, Path.Combine(_folder, "scratch"),
                Path.Combine(_folder, "known_hosts")));
            var result = Assert.Single(await runner.RunAsync("env.yml", [new FleetHost("env-probe", "amd64")], new JsonObject(), "probe",
                CancellationToken.None));
            Assert.Equal($"sock={planted["SSH_AUTH_SOCK"]};aws=;oidc=", result.Error);
        }
    }
}
