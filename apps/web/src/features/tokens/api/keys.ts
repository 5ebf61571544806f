/** The one query-key factory of the API tokens feature (tokens are per user: the session decides whose). */
export const tokenKeys = {
  all: ['api-tokens'] as const,
  lists: () => [...tokenKeys.all, 'list'] as const,
};
