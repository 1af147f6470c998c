/** /studio: placeholder until the studio element lands. */
export async function mountStudio(root: HTMLElement): Promise<void> {
  root.textContent = 'branchcast studio';
}
