using Tapline.Api.Errors;
using Tapline.Core.Project;

namespace Tapline.Api.Project;

/// <summary>Writes meltano.yml through Core's editor (validated, atomic, refused when read-only) and maps its refusals to problems.</summary>
public static class ProjectEdits
{
    public static async Task ApplyAsync(ProjectAccess projects, Action<ProjectDocument> edit, CancellationToken cancellationToken)
    {
        try
        {
            await ProjectFile.EditAsync(projects.Root, edit, projects.ProcessEnv, cancellationToken);
        }
        catch (ProjectReadOnlyException e)
        {
            throw ApiProblem.Forbidden(e.Message);
        }
        catch (ProjectException e)
        {
            throw new ApiProblem(StatusCodes.Status422UnprocessableEntity, "Change refused", $"meltano.yml was not changed: {e.Message}");
        }
    }
}
