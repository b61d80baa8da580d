/** Keeps one view's crash inside that view: the rest of the window stays usable. */
import { Component, type ReactNode } from 'react'

interface Props {
  /** Name of the view, for the message. */
  name: string
  children: ReactNode
}

/** An error boundary around one view. */
export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  override state = { error: null as Error | null }

  static getDerivedStateFromError(error: Error) {
    return { error }
  }

  override componentDidUpdate(prev: Props) {
    if (prev.name !== this.props.name && this.state.error) this.setState({ error: null })
  }

  override render() {
    if (!this.state.error) return this.props.children
    return (
      <div className="panel view-error" role="alert" data-testid="view-error">
        <h2>{this.props.name} could not be shown</h2>
        <p>Something went wrong while drawing this page. Your syncs are not affected and keep running.</p>
        <pre className="error-detail">{this.state.error.message}</pre>
        <button className="btn" onClick={() => this.setState({ error: null })}>Try again</button>
      </div>
    )
  }
}
