import { z } from 'zod';
import { SendMessageConfigurationSchema, SendMessageRequestSchema } from '../types';

/**
 * The v1.0 push-notification config as it travels inside `SendMessageRequest.configuration` (ProtoJSON).
 * types/ does not model push notifications yet; the v0.3 translation needs the shape to carry
 * `pushNotificationConfig` across, so it lives here until the core grows it.
 */
export const V10TaskPushNotificationConfigSchema = z.object({
  id: z.string().optional(),
  taskId: z.string().optional(),
  tenant: z.string().optional(),
  url: z.string(),
  token: z.string().optional(),
  authentication: z.object({ scheme: z.string(), credentials: z.string().optional() }).optional(),
});
export type V10TaskPushNotificationConfig = z.infer<typeof V10TaskPushNotificationConfigSchema>;

/** v1.0 `SendMessage` params including the push-notification config the core schema leaves out. */
export const V10SendMessageParamsSchema = SendMessageRequestSchema.extend({
  configuration: SendMessageConfigurationSchema.extend({
    taskPushNotificationConfig: V10TaskPushNotificationConfigSchema.optional(),
  }).optional(),
});
export type V10SendMessageParams = z.infer<typeof V10SendMessageParamsSchema>;
