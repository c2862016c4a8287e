import { useQueryClient } from '@tanstack/react-query';
import { session } from '../../api/session';
import { useSession } from '../../hooks/useSession';
import './SignIn.css';

/** "Sign out", shown while the tab holds a token: forgets it and everything fetched with it. */
export function SignOutButton() {
  const { token } = useSession();
  const queryClient = useQueryClient();
  if (!token) return null;
  return (
    <button
      type="button"
      className="sign-out"
      onClick={() => {
        session.signOut();
        queryClient.clear();
      }}
    >
      Sign out
    </button>
  );
}
