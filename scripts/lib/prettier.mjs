// Generated parts of tracked files (the operations and reliability tables) are written the way `prettier --check .` (part of
// `npm run lint`) wants them, so regenerating a table never makes lint fail.
import * as prettier from 'prettier';

/** `text` formatted with the repository's prettier settings for the file at `filepath`. */
export async function formatLikeRepo(text, filepath) {
	const options = (await prettier.resolveConfig(filepath)) ?? {};
	return prettier.format(text, { ...options, filepath });
}
