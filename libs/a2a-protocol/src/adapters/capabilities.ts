import { z } from 'zod';

/** What an agent can do, as the gateway tracks it (litellm-rs's capability set). */
export const AgentCapabilitiesSchema = z.strictObject({
  streaming: z.boolean().optional(),
  pushNotifications: z.boolean().optional(),
  taskCancellation: z.boolean().optional(),
  multiTurn: z.boolean().optional(),
  fileAttachments: z.boolean().optional(),
});
export type AgentCapabilities = z.infer<typeof AgentCapabilitiesSchema>;

export const FULL_CAPABILITIES: Required<AgentCapabilities> = {
  streaming: true,
  pushNotifications: true,
  taskCancellation: true,
  multiTurn: true,
  fileAttachments: true,
};

export const MINIMAL_CAPABILITIES: Required<AgentCapabilities> = {
  streaming: false,
  pushNotifications: false,
  taskCancellation: false,
  multiTurn: false,
  fileAttachments: false,
};
