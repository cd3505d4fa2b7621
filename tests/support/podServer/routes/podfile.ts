// Runs in Node (test tooling). Fake Pod file manager (USE_PODFILE, pod-rest.md §4.2, §7.8): folders
// unique per (name, owner), multipart files whose `name` becomes the file's base name. Off → HTML 404.
import path from 'node:path';
import { InputReader, resolveHyperlink, type RouteCall } from '../call';
import type { PodRouteModule } from '../server';
import type { FileRecord, FolderRecord } from '../state';

const podfileOn = (state: { knobs: { usePodfile: boolean } }) => state.knobs.usePodfile;

function serializeFolder(call: RouteCall, folder: FolderRecord) {
  return { id: folder.id, url: call.abs(`/rest/folders/${folder.id}/`), name: folder.name, owner: call.abs(`/rest/users/${folder.owner}/`) };
}

function serializeFile(call: RouteCall, file: FileRecord) {
  return {
    id: file.id,
    url: call.abs(`/rest/files/${file.id}/`),
    folder: call.abs(`/rest/folders/${file.folder}/`),
    name: file.name,
    file: call.abs(`/media/files/${file.createdBy}/${file.stored.filename}`),
    created_by: call.abs(`/rest/users/${file.createdBy}/`),
  };
}

export const podfileRoutes: PodRouteModule = {
  name: 'podfile',
  prefixes: (state) => (state.knobs.usePodfile ? ['folders', 'files', 'images'] : state.isV3 ? ['mainfiles', 'mainimages'] : []),
  routes: [
    { method: 'GET', path: /^\/rest\/folders\/$/, enabled: podfileOn, handle: (call) => call.paginate(call.state.folders, (folder) => serializeFolder(call, folder)) },
    {
      method: 'POST',
      path: /^\/rest\/folders\/$/,
      enabled: podfileOn,
      handle: async (call) => {
        const reader = new InputReader(await call.input());
        const errors: Record<string, string[]> = {};
        const name = reader.value('name');
        if (typeof name !== 'string' || name.trim() === '') (errors.name ??= []).push(name === undefined ? 'This field is required.' : 'This field may not be blank.');
        let owner: number | undefined;
        if (!reader.has('owner')) (errors.owner ??= []).push('This field is required.');
        else {
          const result = resolveHyperlink(reader.value('owner'), 'users', (key) => !!call.state.userById(Number(key)));
          if (result.ok) owner = result.id as number;
          else (errors.owner ??= []).push(result.message);
        }
        if (Object.keys(errors).length > 0) return call.fieldErrors(errors);
        if (call.state.folders.some((folder) => folder.name === name && folder.owner === owner)) {
          return call.fieldErrors({ non_field_errors: ['The fields name, owner must make a unique set.'] });
        }
        const folder: FolderRecord = { id: call.state.nextId('folder'), name: name as string, owner: owner! };
        call.state.folders.push(folder);
        call.json(201, serializeFolder(call, folder));
      },
    },
    { method: 'GET', path: /^\/rest\/files\/$/, enabled: podfileOn, handle: (call) => call.paginate(call.state.files, (file) => serializeFile(call, file)) },
    {
      method: 'POST',
      path: /^\/rest\/files\/$/,
      enabled: podfileOn,
      handle: async (call) => {
        const reader = new InputReader(await call.input());
        const errors: Record<string, string[]> = {};
        const add = (field: string, message: string) => (errors[field] ??= []).push(message);
        const link = (field: string, route: string, exists: (id: number) => boolean): number | undefined => {
          if (!reader.has(field)) {
            add(field, 'This field is required.');
            return undefined;
          }
          const result = resolveHyperlink(reader.value(field), route, (key) => exists(Number(key)));
          if (!result.ok) add(field, result.message);
          return result.ok ? (result.id as number) : undefined;
        };
        const folder = link('folder', 'folders', (id) => call.state.folders.some((item) => item.id === id));
        const createdBy = link('created_by', 'users', (id) => !!call.state.userById(id));
        if (typeof reader.value('name') !== 'string' || reader.value('name') === '') add('name', 'This field is required.');
        const file = reader.file('file');
        if (file === undefined) add('file', 'No file was submitted.');
        else if (file === 'not_a_file') add('file', 'The submitted data was not a file. Check the encoding type on the form.');
        else if (file.size === 0) add('file', 'The submitted file is empty.');
        if (Object.keys(errors).length > 0 || typeof file !== 'object') return call.fieldErrors(errors);
        const base = path.basename(file.filename);
        const record: FileRecord = { id: call.state.nextId('file'), folder: folder!, name: base.replace(/\.[^.]*$/, ''), createdBy: createdBy!, stored: file };
        call.state.files.push(record);
        call.json(201, serializeFile(call, record));
      },
    },
  ],
};
