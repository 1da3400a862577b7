/**
 * Agora's cloud storage vendors (`storageConfig.vendor`, reference §11.3) and, per vendor, its table
 * of region indices. Data only: storageFields.ts builds the fields from it, the node's storage.ts the checks.
 */

export interface RegionOption {
	name: string;
	value: number;
	description?: string;
}

const QINIU_REGIONS: RegionOption[] = [
	{ name: 'East China', value: 0 },
	{ name: 'North China', value: 1 },
	{ name: 'South China', value: 2 },
	{ name: 'North America', value: 3 },
	{ name: 'Southeast Asia', value: 4 },
];

// Indices 17 (US_GOV_WEST_1) and 23 (US_GOV_EAST_1) were dropped by Agora: they are not offered.
const S3_REGIONS: RegionOption[] = [
	{ name: 'US_EAST_1', value: 0, description: 'AWS region us-east-1' },
	{ name: 'US_EAST_2', value: 1, description: 'AWS region us-east-2' },
	{ name: 'US_WEST_1', value: 2, description: 'AWS region us-west-1' },
	{ name: 'US_WEST_2', value: 3, description: 'AWS region us-west-2' },
	{ name: 'EU_WEST_1', value: 4, description: 'AWS region eu-west-1' },
	{ name: 'EU_WEST_2', value: 5, description: 'AWS region eu-west-2' },
	{ name: 'EU_WEST_3', value: 6, description: 'AWS region eu-west-3' },
	{ name: 'EU_CENTRAL_1', value: 7, description: 'AWS region eu-central-1' },
	{ name: 'AP_SOUTHEAST_1', value: 8, description: 'AWS region ap-southeast-1' },
	{ name: 'AP_SOUTHEAST_2', value: 9, description: 'AWS region ap-southeast-2' },
	{ name: 'AP_NORTHEAST_1', value: 10, description: 'AWS region ap-northeast-1' },
	{ name: 'AP_NORTHEAST_2', value: 11, description: 'AWS region ap-northeast-2' },
	{ name: 'SA_EAST_1', value: 12, description: 'AWS region sa-east-1' },
	{ name: 'CA_CENTRAL_1', value: 13, description: 'AWS region ca-central-1' },
	{ name: 'AP_SOUTH_1', value: 14, description: 'AWS region ap-south-1' },
	{ name: 'CN_NORTH_1', value: 15, description: 'AWS region cn-north-1' },
	{ name: 'CN_NORTHWEST_1', value: 16, description: 'AWS region cn-northwest-1' },
	{ name: 'AF_SOUTH_1', value: 18, description: 'AWS region af-south-1' },
	{ name: 'AP_EAST_1', value: 19, description: 'AWS region ap-east-1' },
	{ name: 'AP_NORTHEAST_3', value: 20, description: 'AWS region ap-northeast-3' },
	{ name: 'EU_NORTH_1', value: 21, description: 'AWS region eu-north-1' },
	{ name: 'ME_SOUTH_1', value: 22, description: 'AWS region me-south-1' },
	{ name: 'AP_SOUTHEAST_3', value: 24, description: 'AWS region ap-southeast-3' },
	{ name: 'EU_SOUTH_1', value: 25, description: 'AWS region eu-south-1' },
	{ name: 'AWS_REGION_NUM', value: 26, description: 'Listed by Agora; not an AWS region' },
];

const ALIBABA_REGIONS: RegionOption[] = [
	{ name: 'CN_Hangzhou', value: 0 },
	{ name: 'CN_Shanghai', value: 1 },
	{ name: 'CN_Qingdao', value: 2 },
	{ name: 'CN_Beijing', value: 3 },
	{ name: 'CN_Zhangjiakou', value: 4 },
	{ name: 'CN_Huhehaote', value: 5 },
	{ name: 'CN_Shenzhen', value: 6 },
	{ name: 'CN_Hongkong', value: 7 },
	{ name: 'US_West_1', value: 8 },
	{ name: 'US_East_1', value: 9 },
	{ name: 'AP_Southeast_1', value: 10 },
	{ name: 'AP_Southeast_2', value: 11 },
	{ name: 'AP_Southeast_3', value: 12 },
	{ name: 'AP_Southeast_5', value: 13 },
	{ name: 'AP_Northeast_1', value: 14 },
	{ name: 'AP_South_1', value: 15 },
	{ name: 'EU_Central_1', value: 16 },
	{ name: 'EU_West_1', value: 17 },
	{ name: 'EU_East_1', value: 18 },
	{ name: 'AP_Southeast_6', value: 19 },
	{ name: 'CN_Heyuan', value: 20 },
	{ name: 'CN_Guangzhou', value: 21 },
	{ name: 'CN_Chengdu', value: 22 },
];

const TENCENT_REGIONS: RegionOption[] = [
	{ name: 'AP_Beijing_1', value: 0 },
	{ name: 'AP_Beijing', value: 1 },
	{ name: 'AP_Shanghai', value: 2 },
	{ name: 'AP_Guangzhou', value: 3 },
	{ name: 'AP_Chengdu', value: 4 },
	{ name: 'AP_Chongqing', value: 5 },
	{ name: 'AP_Shenzhen_FSI', value: 6 },
	{ name: 'AP_Shanghai_FSI', value: 7 },
	{ name: 'AP_Beijing_FSI', value: 8 },
	{ name: 'AP_Hongkong', value: 9 },
	{ name: 'AP_Singapore', value: 10 },
	{ name: 'AP_Mumbai', value: 11 },
	{ name: 'AP_Seoul', value: 12 },
	{ name: 'AP_Bangkok', value: 13 },
	{ name: 'AP_Tokyo', value: 14 },
	{ name: 'NA_Siliconvalley', value: 15 },
	{ name: 'NA_Ashburn', value: 16 },
	{ name: 'NA_Toronto', value: 17 },
	{ name: 'EU_Frankfurt', value: 18 },
	{ name: 'EU_Moscow', value: 19 },
];

const KINGSOFT_REGIONS: RegionOption[] = [
	{ name: 'CN_Hangzhou', value: 0 },
	{ name: 'CN_Shanghai', value: 1 },
	{ name: 'CN_Qingdao', value: 2 },
	{ name: 'CN_Beijing', value: 3 },
	{ name: 'CN_Guangzhou', value: 4 },
	{ name: 'CN_Hongkong', value: 5 },
	{ name: 'JR_Beijing', value: 6 },
	{ name: 'JR_Shanghai', value: 7 },
	{ name: 'NA_Russia_1', value: 8 },
	{ name: 'NA_Singapore_1', value: 9 },
];

const HUAWEI_REGIONS: RegionOption[] = [
	{ name: 'CN_North_1', value: 0 },
	{ name: 'CN_North_4', value: 1 },
	{ name: 'CN_East_2', value: 2 },
	{ name: 'CN_East_3', value: 3 },
	{ name: 'CN_South_1', value: 4 },
	{ name: 'CN_Southwest_2', value: 5 },
	{ name: 'AP_Southeast_1', value: 6 },
	{ name: 'AP_Southeast_2', value: 7 },
	{ name: 'AP_Southeast_3', value: 8 },
	{ name: 'AF_South_1', value: 9 },
	{ name: 'SA_Argentina_1', value: 10 },
	{ name: 'SA_Peru_1', value: 11 },
	{ name: 'NA_Mexico_1', value: 12 },
	{ name: 'SA_Brazil_1', value: 13 },
	{ name: 'LA_South_2', value: 14 },
	{ name: 'SA_Chile_1', value: 15 },
];

const BAIDU_REGIONS: RegionOption[] = [
	{ name: 'Beijing', value: 0 },
	{ name: 'Baoding', value: 1 },
	{ name: 'Suzhou', value: 2 },
	{ name: 'Guangzhou', value: 3 },
	{ name: 'Hongkong', value: 4 },
	{ name: 'Singapore', value: 5 },
	{ name: 'Wuhan', value: 6 },
	{ name: 'Shanghai', value: 7 },
];

/** vendor index → its name, the parameter holding its region and the allowed region indices (null: no region). */
export const STORAGE_VENDORS: Record<
	number,
	{ name: string; regionParameter?: string; regions?: RegionOption[] }
> = {
	0: { name: 'Qiniu', regionParameter: 'storageRegionQiniu', regions: QINIU_REGIONS },
	1: { name: 'Amazon S3', regionParameter: 'storageRegionAmazonS3', regions: S3_REGIONS },
	2: { name: 'Alibaba Cloud', regionParameter: 'storageRegionAlibaba', regions: ALIBABA_REGIONS },
	3: { name: 'Tencent Cloud', regionParameter: 'storageRegionTencent', regions: TENCENT_REGIONS },
	4: {
		name: 'Kingsoft Cloud (KS3)',
		regionParameter: 'storageRegionKingsoft',
		regions: KINGSOFT_REGIONS,
	},
	5: { name: 'Microsoft Azure' },
	6: { name: 'Google Cloud' },
	7: {
		name: 'Huawei Cloud (OBS)',
		regionParameter: 'storageRegionHuawei',
		regions: HUAWEI_REGIONS,
	},
	8: {
		name: 'Baidu AI Cloud (BOS)',
		regionParameter: 'storageRegionBaidu',
		regions: BAIDU_REGIONS,
	},
};
