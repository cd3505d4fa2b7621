// Runs in Node (test tooling). Fake Pod reference data: /info_pod.json, the API root, users, sites,
// types, disciplines, channels, themes and renditions (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/main/rest_router.py, https://www.django-rest-framework.org/api-guide/pagination/, https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/main/views.py, https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/authentication/rest_views.py).
import type { RouteCall } from '../call';
import type { PodRouteModule } from '../server';
import { localized, type PodUser, type RelationItem } from '../state';

function serializeUser(call: RouteCall, user: PodUser) {
  return {
    id: user.id,
    url: call.abs(`/rest/users/${user.id}/`),
    username: user.username,
    first_name: user.firstName,
    is_staff: user.isStaff,
    last_name: user.lastName,
    email: user.email,
    groups: [],
  };
}

function detailOr404<T>(call: RouteCall, items: T[], key: (item: T) => number, serialize: (item: T) => unknown): void {
  const item = items.find((candidate) => key(candidate) === Number(call.param(1)));
  if (!item) {
    call.detail(404, call.state.isV3 ? 'Not found.' : 'No object matches the given query.');
    return;
  }
  call.json(200, serialize(item));
}

const relation = (route: string, extra: (call: RouteCall, item: RelationItem) => Record<string, unknown>) => (call: RouteCall, item: RelationItem) => ({
  id: item.id,
  url: call.abs(`/rest/${route}/${item.id}/`),
  title: localized(item.title, item.titles ?? {}, call.language), // translated field (modeltranslation)
  description: '',
  ...extra(call, item),
});

export const referenceRoutes: PodRouteModule = {
  name: 'reference',
  prefixes: () => ['users', 'groups', 'owners', 'sites', 'accessgroups', 'channels', 'themes', 'types', 'discipline', 'videos', 'renditions', 'encodings_video', 'encodings_audio', 'playlist_videos', 'view_count', 'playlists', 'contributors', 'documents', 'tracks', 'overlays', 'chapters', 'recording', 'recordingfile', 'recordingfiletreatment', 'recorder'],
  routes: [
    {
      method: 'GET',
      path: /^\/info_pod\.json$/,
      public: true,
      handle: (call) =>
        call.json(200, { TITLE_SITE: 'Pod de test', VERSION: call.state.knobs.version, COUNT_VIDEO: call.state.videos.length, DURATION_VIDEO: call.state.videos.reduce((sum, video) => sum + video.duration, 0) }),
    },
    {
      method: 'GET',
      path: /^\/rest\/$/,
      handle: (call) => {
        const prefixes = call.state.listPrefixes();
        call.json(200, Object.fromEntries(prefixes.map((prefix) => [prefix, call.abs(`/rest/${prefix}/`)])));
      },
    },
    {
      method: 'GET',
      path: /^\/rest\/users\/$/,
      handle: (call) => {
        const params = call.url.searchParams;
        const id = params.get('id');
        if (id !== null && !/^\d+$/.test(id)) {
          call.fieldErrors({ id: ['Enter a number.'] });
          return;
        }
        const users = call.state.users.filter(
          (user) =>
            (params.get('username') === null || user.username === params.get('username')) &&
            (params.get('email') === null || user.email === params.get('email')) &&
            (id === null || user.id === Number(id)),
        );
        call.paginate(users, (user) => serializeUser(call, user));
      },
    },
    { method: 'GET', path: /^\/rest\/users\/(\d+)\/$/, handle: (call) => detailOr404(call, call.state.users, (user) => user.id, (user) => serializeUser(call, user)) },
    {
      method: 'GET',
      path: /^\/rest\/sites\/$/,
      handle: (call) => call.paginate(call.state.sites, (site) => ({ url: call.abs(`/rest/sites/${site.id}/`), name: site.name, domain: site.domain })),
    },
    {
      method: 'GET',
      path: /^\/rest\/sites\/(\d+)\/$/,
      handle: (call) => detailOr404(call, call.state.sites, (site) => site.id, (site) => ({ url: call.abs(`/rest/sites/${site.id}/`), name: site.name, domain: site.domain })),
    },
    {
      method: 'GET',
      path: /^\/rest\/types\/$/,
      handle: (call) => call.paginate(call.state.types, relation('types', (c) => ({ icon: null, sites: [c.abs('/rest/sites/1/')] })).bind(null, call)),
    },
    {
      method: 'GET',
      path: /^\/rest\/types\/(\d+)\/$/,
      handle: (call) => detailOr404(call, call.state.types, (item) => item.id, relation('types', (c) => ({ icon: null, sites: [c.abs('/rest/sites/1/')] })).bind(null, call)),
    },
    {
      method: 'GET',
      path: /^\/rest\/discipline\/$/,
      handle: (call) => call.paginate(call.state.disciplines, relation('discipline', (c) => ({ icon: null, site: c.abs('/rest/sites/1/') })).bind(null, call)),
    },
    {
      method: 'GET',
      path: /^\/rest\/discipline\/(\d+)\/$/,
      handle: (call) => detailOr404(call, call.state.disciplines, (item) => item.id, relation('discipline', (c) => ({ icon: null, site: c.abs('/rest/sites/1/') })).bind(null, call)),
    },
    {
      method: 'GET',
      path: /^\/rest\/channels\/$/,
      handle: (call) =>
        call.paginate(call.state.channels, (channel) => ({
          ...relation('channels', () => ({}))(call, channel),
          headband: null,
          color: null,
          style: null,
          owners: channel.owners.map((id) => call.abs(`/rest/users/${id}/`)),
          users: channel.users.map((id) => call.abs(`/rest/users/${id}/`)),
          visible: true,
          themes: call.state.themes.filter((theme) => theme.channel === channel.id).map((theme) => call.abs(`/rest/themes/${theme.id}/`)),
          site: call.abs('/rest/sites/1/'),
        })),
    },
    {
      method: 'GET',
      path: /^\/rest\/themes\/$/,
      handle: (call) =>
        call.paginate(
          [...call.state.themes].sort((a, b) => a.channel - b.channel),
          (theme) => ({ ...relation('themes', () => ({}))(call, theme), parentId: null, headband: null, channel: call.abs(`/rest/channels/${theme.channel}/`) }),
        ),
    },
    {
      method: 'GET',
      path: /^\/rest\/renditions\/$/,
      handle: (call) =>
        call.paginate(call.state.renditions, (item) => ({
          id: item.id,
          url: call.abs(`/rest/renditions/${item.id}/`),
          resolution: item.resolution,
          video_bitrate: item.videoBitrate,
          audio_bitrate: item.audioBitrate,
          encode_mp4: true,
          sites: [call.abs('/rest/sites/1/')],
        })),
    },
  ],
};
