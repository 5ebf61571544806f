import type { AgentCreate } from '@switchboard/api-contract';
import { useState } from 'react';
import { useForm, type FieldPath } from 'react-hook-form';
import { useNavigate } from 'react-router';
import { apiIssuesOf } from '../../../lib/api-issues';
import { ApiError, errorMessage } from '../../../lib/http';
import { useCreateAgent } from '../api/create-agent';
import type { AgentsPageState } from '../components/AgentsPage';
import { agentFormResolver, defaultAgentFormValues, describeIssue, formPathOf, type AgentFormValues } from '../lib/agent-form';

/** The register form: validation with AgentCreateSchema, submit, and server errors put on their fields. */
export function useRegisterAgentForm() {
  const [defaultValues] = useState(defaultAgentFormValues);
  const form = useForm<AgentFormValues, unknown, AgentCreate>({ resolver: agentFormResolver, defaultValues });
  const create = useCreateAgent();
  const navigate = useNavigate();
  const [formError, setFormError] = useState<string | null>(null);

  const showServerError = (error: unknown) => {
    const values = form.getValues();
    if (error instanceof ApiError && (error.code === 'AGENT_NAME_TAKEN' || error.status === 409)) {
      form.setError('name', { type: 'server', message: error.message || 'An agent with this name already exists.' }, { shouldFocus: true });
      return;
    }
    if (error instanceof ApiError && error.status === 400) {
      const unmatched: string[] = [];
      let focus = true;
      for (const issue of apiIssuesOf(error)) {
        const path = formPathOf(issue.path, values);
        if (!path) {
          const where = Array.isArray(issue.path) ? issue.path.join('.') : issue.path;
          unmatched.push(where ? `${where}: ${issue.message}` : issue.message);
          continue;
        }
        const message = describeIssue(issue.path, issue.message, values);
        // `authHeaders.root` is RHF's field-array error slot; setError's name type leaves it out.
        form.setError(path as FieldPath<AgentFormValues>, { type: 'server', message }, { shouldFocus: focus });
        focus = false;
      }
      // Everything landed next to a field: nothing else to say.
      if (!focus && unmatched.length === 0) return;
      setFormError(unmatched.length > 0 ? unmatched.join('; ') : error.message);
      return;
    }
    setFormError(errorMessage(error));
  };

  const onSubmit = form.handleSubmit(async (agent) => {
    setFormError(null);
    try {
      const created = await create.mutateAsync(agent);
      const state: AgentsPageState = { notice: `${created.name} was registered.` };
      void navigate('/agents', { state });
    } catch (error) {
      showServerError(error);
    }
  });

  return { form, onSubmit, formError, submitting: form.formState.isSubmitting };
}
