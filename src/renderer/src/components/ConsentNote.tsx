/**
 * The one sentence the New sync form shows when either side is an email tool: unsubscribes
 * always win (engine/merge.ts), whatever the direction and conflict choices above it say.
 * An email tool is a system whose catalogue kind is "Email marketing" (Mailchimp, SendGrid).
 */
import { useStore } from '../store/store'

export function ConsentNote({ left, right }: { left: string; right: string }) {
  const connections = useStore((s) => s.connections)
  const systems = useStore((s) => s.systems)
  const isEmail = (connectionId: string): boolean => {
    const system = connections.find((c) => c.connection.id === connectionId)?.connection.system
    return systems.some((s) => s.system === system && /email/i.test(s.kind))
  }
  if (!isEmail(left) && !isEmail(right)) return null
  return (
    <p className="muted small" data-testid="consent-note">
      Unsubscribes always win: anyone who unsubscribed or bounced stays unsubscribed, Patchbay copies that to the other side where it has a consent field, and no choice here can subscribe them again.
    </p>
  )
}
